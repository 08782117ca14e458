/** A range of durations in ms: the mean of the distribution and the bounds samples are clipped to. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** How durations are drawn: exponential with the spread's mean, or uniform over [min, max]. */
export type Distribution = "exponential" | "uniform";

/**
 * A seeded pseudo-random source (mulberry32: 32-bit state, period 2^32), so a traffic run with
 * a given seed makes the same calls with the same timings.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** An exponentially distributed value with the given mean (e.g. inter-arrival times of a Poisson process). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A duration (ms) drawn from `spread` with `distribution`, clipped to [min, max]. */
  duration(spread: Spread, distribution: Distribution): number {
    const raw = distribution === "uniform" ? spread.min + this.next() * (spread.max - spread.min) : this.exponential(spread.mean);
    return Math.min(spread.max, Math.max(spread.min, raw));
  }
}
