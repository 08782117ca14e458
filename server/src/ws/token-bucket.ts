/**
 * A token bucket: allows bursts up to `burst`, then `ratePerSecond` on average. Used per WebSocket
 * connection so one screen cannot flood the server with commands.
 */

/** Rate limit settings: refill rate in tokens per second, bucket size in tokens. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** 20 commands/s with bursts of 40: far above what a person clicking can send. */
export const defaultRateLimit: RateLimit = { ratePerSecond: 20, burst: 40 };

/** The default clock, one function for every bucket. */
const monotonicMs = (): number => performance.now();

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  /**
   * @param now clock in ms (injectable so tests control time); defaults to `performance.now`.
   * @throws RangeError when the rate is negative or the burst is below 1.
   */
  constructor(
    private readonly limit: RateLimit = defaultRateLimit,
    private readonly now: () => number = monotonicMs,
  ) {
    if (!(limit.ratePerSecond >= 0) || !(limit.burst >= 1)) {
      throw new RangeError(`rate limit needs ratePerSecond >= 0 and burst >= 1, got ${JSON.stringify(limit)}`);
    }
    this.tokens = limit.burst;
    this.refilledAt = now();
  }

  /** Takes one token; false when the bucket is empty (the caller refuses the request). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limit.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
