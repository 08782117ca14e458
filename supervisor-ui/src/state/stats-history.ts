/**
 * The charts' memory: samples of calls waiting, active calls and service level, kept in the page
 * for the last hour. Nothing is stored elsewhere; a reload starts an empty history.
 */

/** One point of the charts. `at` is local Unix ms; `serviceLevel` is % or `null` when unknown. */
export interface StatsSample {
  at: number;
  waiting: number;
  activeCalls: number;
  serviceLevel: number | null;
}

/** How far back the charts reach: one hour, in ms. */
export const HISTORY_WINDOW_MS = 60 * 60 * 1000;

/** Samples closer together than this (ms) replace each other, so bursts of events do not flood the charts. */
const SAMPLE_SPACING_MS = 1000;

/**
 * Adds `sample` to `history` (oldest first) and drops samples older than the window before it.
 * A sample within {@link SAMPLE_SPACING_MS} of the last one replaces it; one older than the last is ignored.
 */
export function appendSample(history: readonly StatsSample[], sample: StatsSample, windowMs: number = HISTORY_WINDOW_MS): StatsSample[] {
  const last = history[history.length - 1];
  if (last && sample.at < last.at) return [...history];
  const kept = last && sample.at - last.at < SAMPLE_SPACING_MS ? history.slice(0, -1) : history;
  const from = sample.at - windowMs;
  return [...kept.filter((s) => s.at >= from), sample];
}

/** The samples as uPlot's column arrays: time in Unix seconds, then each series. */
export function toColumns(history: readonly StatsSample[]): [number[], number[], number[], (number | null)[]] {
  return [
    history.map((s) => s.at / 1000),
    history.map((s) => s.waiting),
    history.map((s) => s.activeCalls),
    history.map((s) => s.serviceLevel),
  ];
}

/**
 * The time axis of a chart (Unix seconds): from the first sample, or `minSpanS` before the last one
 * when that is earlier, to the last sample (or `nowS` without samples). A single sample would
 * otherwise be drawn on an axis spanning years.
 */
export function timeWindow(times: readonly number[], nowS: number, minSpanS: number): { min: number; max: number } {
  const max = times.length > 0 ? times[times.length - 1]! : nowS;
  const first = times.length > 0 ? times[0]! : max;
  return { min: Math.min(first, max - minSpanS), max };
}
