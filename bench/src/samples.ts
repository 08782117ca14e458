/** Latency samples (ms) and their percentiles. */

/** Percentiles of a set of samples, in the samples' unit (ms here). */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * A bounded store of samples: at most `capacity` values are kept (later ones are counted in
 * `dropped`), so a long run cannot exhaust memory.
 */
export class Samples {
  private values: Float64Array;
  private length = 0;
  /** Samples offered after the store was full. */
  dropped = 0;

  constructor(private readonly capacity = 5_000_000) {
    this.values = new Float64Array(Math.min(capacity, 65_536));
  }

  add(value: number): void {
    if (this.length === this.values.length) {
      if (this.length >= this.capacity) {
        this.dropped++;
        return;
      }
      const grown = new Float64Array(Math.min(this.capacity, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  get count(): number {
    return this.length;
  }

  /** Nearest-rank percentiles (the smallest sample with at least p% of samples at or below it). */
  summary(): Summary {
    const sorted = this.values.slice(0, this.length).sort();
    const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      count: sorted.length,
      p50: rank(50),
      p95: rank(95),
      p99: rank(99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
      mean: sorted.length ? sum / sorted.length : 0,
    };
  }
}
