/**
 * Records the rolling figures of `system_stats` that the session counters do not hold: call
 * arrivals (for calls per minute) and agent response times (offer → answer, for avgResponseTime).
 * Each is a sorted set scored by time and trimmed to the last hour on every write.
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "../state/index.js";

/** How long rolling figures are kept (ms). */
export const ROLLING_WINDOW_MS = 60 * 60 * 1000;

/** Writes arrivals and response times. Times are Unix ms. */
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
}
