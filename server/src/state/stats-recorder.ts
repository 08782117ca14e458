/**
 * Records the rolling figures of `system_stats` that the session counters do not hold: call
 * arrivals (for calls per minute), agent response times (offer → answer, for avgResponseTime) and
 * queue call outcomes (for the per-queue figures, stored as `queue-outcomes.ts` describes), and
 * each agent's handled calls and time logged in today (`agent-day.ts`).
 * Each is a sorted set scored by time and trimmed to the last hour on every write.
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";
import { recordAgentCall, recordAgentPresence } from "./agent-day.js";
import { readQueueOutcomes, recordQueueOutcome } from "./queue-outcomes.js";

/** How long rolling figures are kept (ms). */
export const ROLLING_WINDOW_MS = 60 * 60 * 1000;

/** Writes arrivals, response times and queue call outcomes; reads the average handle time. Times are Unix ms. */
export class StatsRecorder {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
  ) {}

  /** A customer call entered the Stasis app at `at`. */
  async recordArrival(sessionId: string, at: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.keys.statsArrivals(), at, sessionId)
      .zremrangebyscore(this.keys.statsArrivals(), "-inf", at - ROLLING_WINDOW_MS)
      .exec();
  }

  /** The agent answered an offered call at `at`, `responseMs` after it was offered. */
  async recordResponse(sessionId: string, responseMs: number, at: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.keys.statsResponses(), at, `${sessionId}:${Math.max(0, Math.round(responseMs))}`)
      .zremrangebyscore(this.keys.statsResponses(), "-inf", at - ROLLING_WINDOW_MS)
      .exec();
  }

  /**
   * A call waiting in `queueNumber` reached an agent: the agent answered at `at`, `waitMs` after the
   * call entered the queue. Counts toward the service levels and the average wait.
   * @returns false when this session's answer was already recorded (it is counted once).
   */
  recordQueueAnswered(queueNumber: string, sessionId: string, waitMs: number, at: number): Promise<boolean> {
    return recordQueueOutcome(this.redis, this.keys, queueNumber, "answered", sessionId, waitMs, at);
  }

  /**
   * The customer hung up at `at` while waiting in `queueNumber`, `waitMs` after entering it.
   * Counts toward the abandoned figures and SL2.
   * @returns false when this session's abandon was already recorded (it is counted once).
   */
  recordQueueAbandoned(queueNumber: string, sessionId: string, waitMs: number, at: number): Promise<boolean> {
    return recordQueueOutcome(this.redis, this.keys, queueNumber, "abandoned", sessionId, waitMs, at);
  }

  /**
   * A connected call of `queueNumber` ended at `at` after `handleMs` of talk time (from the bridge to
   * the end of the call; after-call work in wrap-up is not included).
   * @returns false when this session's handle time was already recorded (it is counted once).
   */
  recordHandleTime(queueNumber: string, sessionId: string, handleMs: number, at: number): Promise<boolean> {
    return recordQueueOutcome(this.redis, this.keys, queueNumber, "handled", sessionId, handleMs, at);
  }

  /** A connected call of `agentId` ended at `at` after `talkMs` of talk time (counts toward today's figures). */
  recordAgentCall(agentId: string, talkMs: number, at: number): Promise<void> {
    return recordAgentCall(this.redis, this.keys, agentId, talkMs, at);
  }

  /** `agentId` left `offline` (`loggedIn` true) or went `offline` at `at` (for today's time logged in). */
  recordAgentPresence(agentId: string, loggedIn: boolean, at: number): Promise<void> {
    return recordAgentPresence(this.redis, this.keys, agentId, loggedIn, at);
  }

  /**
   * Mean handle time (s, not rounded) of `queueNumber`'s calls that ended in the 60 minutes up to
   * `now` (Unix ms); null when none did.
   */
  async averageHandleTimeS(queueNumber: string, now: number): Promise<number | null> {
    const outcomes = (await readQueueOutcomes(this.redis, this.keys, [queueNumber], now)).get(queueNumber);
    const handled = outcomes?.handleTimesMs ?? [];
    if (handled.length === 0) return null;
    return handled.reduce((sum, ms) => sum + ms, 0) / handled.length / 1000;
  }
}
