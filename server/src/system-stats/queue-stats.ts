/**
 * The per-queue figures of `system_stats` (`queues`, keyed by queue number). Definitions (also in
 * the README); "the window" is the 60 minutes up to the moment of collection, and a call counts in
 * the window by the time of its outcome (answer, hang-up, end of talk):
 * - waiting: calls waiting in the queue now.
 * - longestWait (s): how long the oldest waiting call has waited, whole seconds rounded down; 0 when none waits.
 * - serviceLevel (%): answered calls whose wait was at most the queue's `serviceLevelS` ÷ answered
 *   calls, over the window (app_queue's SL); 100 when none was answered.
 * - serviceLevelWithAbandoned (%): answered and abandoned calls whose wait was at most
 *   `serviceLevelS` ÷ (answered + abandoned), over the window (app_queue's SL2: a caller who hangs up
 *   within the threshold does not count against the queue, one who hangs up later does); 100 when none.
 * - abandoned: calls whose customer hung up while waiting, over the window.
 * - abandonRate (%): abandoned ÷ (answered + abandoned), over the window; 0 when none.
 * - avgWait (s): mean wait of the answered calls over the window (abandoned waits are not counted,
 *   as in app_queue's holdtime); 0 when none.
 * - avgHandleTime (s): mean talk time (bridge to end, wrap-up not included) of the calls that ended
 *   in the window; 0 when none.
 * - agentsAvailable / agentsOnCall / agentsPaused / agentsInWrapUp: the queue's members (every agent
 *   when the queue lists none) by status now: `available`; holding a call (`ringing`, `on_call`,
 *   `multi_call`: a ringing agent is already taken by a call); `paused`; `wrap_up`. With the
 *   offline members they add up to the members.
 * Percentages have one decimal, averages are rounded to whole seconds.
 * Queues listed: every configured queue, plus any queue number with a call waiting now or an
 * outcome in the window.
 */
import type { QueueStats } from "@acc/shared-types";
import type { Redis } from "ioredis";
import { QueueDirectory } from "../queues/queue-config.js";
import { readQueueOutcomes, recentQueueNumbers, type AgentRecord, type AgentStatus, type AgentLister, type QueueOutcomes, type StateKeys } from "../state/index.js";

/** A call waiting in a queue now: its queue and when it entered that queue (Unix ms). */
export interface WaitingCall {
  queueNumber: string;
  enqueuedAt: number;
}

/** Where the queue figures come from, besides Redis: the queue configuration and the calls waiting now. */
export interface QueueSources {
  queues: QueueDirectory;
  /** The calls waiting in any queue now. */
  waiting(): Promise<WaitingCall[]>;
}

/** Everything `collectQueueStats` reads. */
export interface QueueStatsSources extends QueueSources {
  redis: Redis;
  keys: StateKeys;
  /** Lists every agent (the server passes its in-memory agent board). */
  agents: AgentLister;
}

const ON_CALL: readonly AgentStatus[] = ["ringing", "on_call", "multi_call"];

const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (part: number, whole: number, none: number) => (whole === 0 ? none : round1((part / whole) * 100));
const meanSeconds = (ms: readonly number[]) => (ms.length === 0 ? 0 : Math.round(ms.reduce((a, b) => a + b, 0) / ms.length / 1000));

/**
 * Collects the figures of every listed queue at `now` (Unix ms), keyed by queue number. `agents`:
 * the agents already read by the caller (one listing per push), else they are read here.
 * Rejects when Redis fails.
 */
export async function collectQueueStats(src: QueueStatsSources, now: number, agents?: readonly AgentRecord[]): Promise<Record<string, QueueStats>> {
  const [waiting, recent, listed] = await Promise.all([
    src.waiting(),
    recentQueueNumbers(src.redis, src.keys, now),
    agents ?? src.agents.listAgents(),
  ]);
  const queueNumbers = [...new Set([...src.queues.list().map((q) => q.queueNumber), ...waiting.map((w) => w.queueNumber), ...recent])];
  const outcomes = await readQueueOutcomes(src.redis, src.keys, queueNumbers, now);
  const stats: Record<string, QueueStats> = {};
  for (const queueNumber of queueNumbers) {
    const config = src.queues.get(queueNumber);
    const members = listed.filter((a) => QueueDirectory.isMember(config, a.agentId));
    const enqueuedAt = waiting.filter((w) => w.queueNumber === queueNumber).map((w) => w.enqueuedAt);
    stats[queueNumber] = queueFigures(
      outcomes.get(queueNumber) ?? { answeredWaitsMs: [], abandonedWaitsMs: [], handleTimesMs: [] },
      config.serviceLevelS * 1000,
      enqueuedAt,
      members,
      now,
    );
  }
  return stats;
}

function queueFigures(
  outcomes: QueueOutcomes,
  thresholdMs: number,
  enqueuedAt: readonly number[],
  members: readonly AgentRecord[],
  now: number,
): QueueStats {
  const { answeredWaitsMs: answered, abandonedWaitsMs: abandoned } = outcomes;
  const answeredInTime = answered.filter((ms) => ms <= thresholdMs).length;
  const abandonedInTime = abandoned.filter((ms) => ms <= thresholdMs).length;
  const offered = answered.length + abandoned.length;
  const withStatus = (statuses: readonly AgentStatus[]) => members.filter((a) => statuses.includes(a.status)).length;
  return {
    waiting: enqueuedAt.length,
    longestWait: enqueuedAt.length === 0 ? 0 : Math.max(0, Math.floor((now - enqueuedAt.reduce((a, b) => Math.min(a, b))) / 1000)),
    serviceLevel: percent(answeredInTime, answered.length, 100),
    serviceLevelWithAbandoned: percent(answeredInTime + abandonedInTime, offered, 100),
    abandoned: abandoned.length,
    abandonRate: percent(abandoned.length, offered, 0),
    avgWait: meanSeconds(answered),
    avgHandleTime: meanSeconds(outcomes.handleTimesMs),
    agentsAvailable: withStatus(["available"]),
    agentsOnCall: withStatus(ON_CALL),
    agentsPaused: withStatus(["paused"]),
    agentsInWrapUp: withStatus(["wrap_up"]),
  };
}
