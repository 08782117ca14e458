import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../src/ws/token-bucket.js";

describe("TokenBucket", () => {
  it("allows a burst, refuses the next, and refills at the rate", () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 20, burst: 40 }, () => now);
    const burst = Array.from({ length: 41 }, () => bucket.take());
    expect(burst.filter(Boolean)).toHaveLength(40);
    expect(burst[40]).toBe(false);
    now += 50; // 50 ms at 20/s is one token
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000; // refill never exceeds the burst
    expect(Array.from({ length: 41 }, () => bucket.take()).filter(Boolean)).toHaveLength(40);
  });

  it("rejects a burst below one", () => {
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
