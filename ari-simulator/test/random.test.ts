import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SeededRandom } from "../src/traffic/random.js";

describe("seeded random durations", () => {
  test("every drawn duration lies within [min, max], for both distributions", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom("exponential" as const, "uniform" as const),
        (seed, a, b, mean, distribution) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const random = new SeededRandom(seed);
          for (let i = 0; i < 20; i++) {
            const value = random.duration({ mean, min, max }, distribution);
            expect(value).toBeGreaterThanOrEqual(min);
            expect(value).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  test("the same seed gives the same sequence; another seed another one", () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 10 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((value) => value >= 0 && value < 1)).toBe(true);
  });

  test("exponential samples average close to their mean", () => {
    const random = new SeededRandom(1);
    const samples = Array.from({ length: 20_000 }, () => random.exponential(100));
    const average = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    expect(average).toBeGreaterThan(95);
    expect(average).toBeLessThan(105);
  });
});
