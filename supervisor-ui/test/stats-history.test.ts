import { describe, expect, it } from "vitest";
import { HISTORY_WINDOW_MS, appendSample, timeWindow, toColumns, type StatsSample } from "../src/state/stats-history.js";

const sample = (at: number, waiting = 0): StatsSample => ({ at, waiting, activeCalls: 0, serviceLevel: null });

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
    expect(toColumns([{ at: 2000, waiting: 1, activeCalls: 2, serviceLevel: null }])).toEqual([[2], [1], [2], [null]]);
  });

  it("draws at least the last minSpan seconds, ending at the last sample, so one sample does not span years", () => {
    expect(timeWindow([1_000_000], 2_000_000, 300)).toEqual({ min: 999_700, max: 1_000_000 });
    expect(timeWindow([1_000_000, 1_003_600], 2_000_000, 300)).toEqual({ min: 1_000_000, max: 1_003_600 });
    expect(timeWindow([], 2_000_000, 300)).toEqual({ min: 1_999_700, max: 2_000_000 });
  });
});
