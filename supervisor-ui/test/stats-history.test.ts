import { describe, expect, it } from "vitest";
import { HISTORY_WINDOW_MS, appendSample, mergeSamples, timeWindow, toColumns, type StatsSample } from "../src/state/stats-history.js";
import { abandonRateLevel, serviceLevelLevel } from "../src/state/thresholds.js";

const sample = (at: number, waiting = 0): StatsSample => ({ at, waiting, activeCalls: 0, serviceLevel: null, abandonRate: null });

describe("stats history", () => {
  it("keeps only the last hour", () => {
    let history: StatsSample[] = [];
    for (const at of [0, 10_000, HISTORY_WINDOW_MS, HISTORY_WINDOW_MS + 10_001]) history = appendSample(history, sample(at));
    expect(history.map((s) => s.at)).toEqual([HISTORY_WINDOW_MS, HISTORY_WINDOW_MS + 10_001]);
  });

  it("replaces a sample taken within a second of the last, and ignores one from the past", () => {
    let history = appendSample([], sample(1000, 1));
    history = appendSample(history, sample(1500, 2));
    history = appendSample(history, sample(500, 9));
    expect(history).toEqual([sample(1500, 2)]);
  });

  it("gives uPlot columns with time in seconds", () => {
    expect(toColumns([{ at: 2000, waiting: 1, activeCalls: 2, serviceLevel: null, abandonRate: 4 }])).toEqual([[2], [1], [2], [null], [4]]);
  });

  it("draws at least the last minSpan seconds, ending at the last sample, so one sample does not span years", () => {
    expect(timeWindow([1_000_000], 2_000_000, 300)).toEqual({ min: 999_700, max: 1_000_000 });
    expect(timeWindow([1_000_000, 1_003_600], 2_000_000, 300)).toEqual({ min: 1_000_000, max: 1_003_600 });
    expect(timeWindow([], 2_000_000, 300)).toEqual({ min: 1_999_700, max: 2_000_000 });
  });

  it("merges the server's last hour under the page's samples, oldest first, without doubling a push", () => {
    const page = [sample(HISTORY_WINDOW_MS + 60_000, 5)];
    const server = [sample(30_000, 1), sample(HISTORY_WINDOW_MS, 2), sample(HISTORY_WINDOW_MS + 59_600, 5)];
    // 30 s is more than an hour before the newest sample: dropped; the server's sample 0.4 s before the page's: one push, kept once.
    expect(mergeSamples(page, server).map((s) => [s.at, s.waiting])).toEqual([
      [HISTORY_WINDOW_MS, 2],
      [HISTORY_WINDOW_MS + 59_600, 5],
    ]);
    expect(mergeSamples([], [])).toEqual([]);
  });
});

describe("thresholds", () => {
  const t = { serviceLevel: { target: 80, warn: 70 }, abandonRate: { target: 5, warn: 10 } };
  it("colours service level green at or above the target, amber at or above the warning, red below", () => {
    expect([80, 79.9, 70, 69.9].map((v) => serviceLevelLevel(v, t))).toEqual(["good", "warn", "warn", "bad"]);
  });
  it("colours abandon rate green at or below the target, amber at or below the warning, red above", () => {
    expect([5, 5.1, 10, 10.1].map((v) => abandonRateLevel(v, t))).toEqual(["good", "warn", "warn", "bad"]);
  });
});
