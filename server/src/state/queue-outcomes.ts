/**
 * How queue call outcomes are stored for the per-queue figures of `system_stats`. Per queue, a
 * sorted set holds `<kind>:<sessionId>` scored by the outcome's time (Unix ms) and a hash holds each
 * member's duration (ms); a third sorted set lists the queue numbers with a recent outcome. One Lua
 * script adds an outcome, so a repeated record for the same session and kind is refused atomically,
 * and trims everything older than {@link QUEUE_OUTCOME_WINDOW_MS} before the new outcome's time.
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";

/** How long queue outcomes are kept, and the window of every per-queue figure built from them (ms): 60 min. */
export const QUEUE_OUTCOME_WINDOW_MS = 60 * 60 * 1000;

/**
 * What happened to a queue call: `answered` (reached an agent; duration = wait in the queue),
 * `abandoned` (the customer hung up while waiting; duration = wait), `handled` (a connected call
 * ended; duration = talk time).
 */
export type QueueOutcomeKind = "answered" | "abandoned" | "handled";

/** One queue's outcome durations (ms) inside the window. */
export interface QueueOutcomes {
  answeredWaitsMs: number[];
  abandonedWaitsMs: number[];
  handleTimesMs: number[];
}

// Expired members are deleted from the hash in batches, because Lua's unpack() fails on very long lists.
const RECORD_OUTCOME = `
if redis.call("ZSCORE", KEYS[1], ARGV[1]) then return 0 end
local at, cutoff, windowMs = ARGV[2], ARGV[4], ARGV[6]
redis.call("ZADD", KEYS[1], at, ARGV[1])
redis.call("HSET", KEYS[2], ARGV[1], ARGV[3])
local expired = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", cutoff)
for i = 1, #expired, 500 do
  redis.call("HDEL", KEYS[2], unpack(expired, i, math.min(i + 499, #expired)))
end
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", cutoff)
redis.call("ZADD", KEYS[3], "GT", at, ARGV[5])
redis.call("ZREMRANGEBYSCORE", KEYS[3], "-inf", cutoff)
for i = 1, 3 do redis.call("PEXPIRE", KEYS[i], windowMs) end
return 1
`;

/**
 * Stores one outcome of a queue call at `at` (Unix ms) lasting `durationMs` (ms, rounded, at least
 * 0). The keys expire one window after the last write, so a queue that stops taking calls leaves
 * nothing behind.
 * @returns false when this session already has an outcome of this kind in the window (nothing is counted twice).
 */
export async function recordQueueOutcome(
  redis: Redis,
  keys: StateKeys,
  queueNumber: string,
  kind: QueueOutcomeKind,
  sessionId: string,
  durationMs: number,
  at: number,
): Promise<boolean> {
  const added = await redis.eval(
    RECORD_OUTCOME,
    3,
    keys.statsQueueOutcomes(queueNumber),
    keys.statsQueueDurations(queueNumber),
    keys.statsQueuesRecent(),
    `${kind}:${sessionId}`,
    at,
    Math.max(0, Math.round(durationMs)),
    at - QUEUE_OUTCOME_WINDOW_MS,
    queueNumber,
    QUEUE_OUTCOME_WINDOW_MS,
  );
  return added === 1;
}

/**
 * The queue numbers whose latest outcome is after `now − 60 min` (`now` in Unix ms). The index keeps
 * only each queue's latest time, so it is not bounded by `now`: an earlier outcome may still be in the window.
 */
export async function recentQueueNumbers(redis: Redis, keys: StateKeys, now: number): Promise<string[]> {
  return redis.zrangebyscore(keys.statsQueuesRecent(), `(${now - QUEUE_OUTCOME_WINDOW_MS}`, "+inf");
}

/**
 * Each queue's outcomes in the window ending at `now` (Unix ms): those after `now − 60 min`, up to
 * `now`, read in one MULTI so members and durations agree.
 */
export async function readQueueOutcomes(
  redis: Redis,
  keys: StateKeys,
  queueNumbers: readonly string[],
  now: number,
): Promise<Map<string, QueueOutcomes>> {
  const result = new Map<string, QueueOutcomes>();
  if (queueNumbers.length === 0) return result;
  const multi = redis.multi();
  for (const queueNumber of queueNumbers) {
    multi
      .zrangebyscore(keys.statsQueueOutcomes(queueNumber), `(${now - QUEUE_OUTCOME_WINDOW_MS}`, now)
      .hgetall(keys.statsQueueDurations(queueNumber));
  }
  const replies = (await multi.exec()) ?? [];
  queueNumbers.forEach((queueNumber, i) => {
    const [membersError, members] = replies[2 * i] ?? [];
    const [durationsError, durations] = replies[2 * i + 1] ?? [];
    if (membersError) throw membersError;
    if (durationsError) throw durationsError;
    const outcomes: QueueOutcomes = { answeredWaitsMs: [], abandonedWaitsMs: [], handleTimesMs: [] };
    const byMember = durations as Record<string, string>;
    for (const member of members as string[]) {
      const duration = byMember[member];
      if (duration === undefined) continue;
      const kind = member.slice(0, member.indexOf(":"));
      if (kind === "answered") outcomes.answeredWaitsMs.push(Number(duration));
      else if (kind === "abandoned") outcomes.abandonedWaitsMs.push(Number(duration));
      else if (kind === "handled") outcomes.handleTimesMs.push(Number(duration));
    }
    result.set(queueNumber, outcomes);
  });
  return result;
}
