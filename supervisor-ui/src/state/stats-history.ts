/**
 * The charts' memory: samples of calls waiting, calls held by agents, service level and abandon
 * rate for the last hour. The server keeps one sample per `system_stats` push in Redis and serves
 * them (`GET /api/dashboard/history`), so a reload starts with the last hour; the page adds its
 * own samples on every `system_stats` and every few seconds in between.
 */
import type { StatsSample as ServerSample } from "@acc/shared-types";

/**
 * One point of the charts (the server's sample shape): `at` is local Unix ms; `serviceLevel` and
 * `abandonRate` are % or `null` when unknown.
 */
export type StatsSample = ServerSample;

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

/**
 * The server's samples (`at` already on the local clock) merged into `history`: oldest first, a
 * sample within {@link SAMPLE_SPACING_MS} after a kept one dropped (the page's own sample of the
 * same push is one of them), only the window before the newest sample kept.
 */
export function mergeSamples(history: readonly StatsSample[], server: readonly StatsSample[], windowMs: number = HISTORY_WINDOW_MS): StatsSample[] {
  const all = [...server, ...history].sort((a, b) => a.at - b.at);
  const newest = all[all.length - 1]?.at ?? 0;
  const merged: StatsSample[] = [];
  for (const sample of all) {
    const last = merged[merged.length - 1];
    if (sample.at < newest - windowMs || (last && sample.at - last.at < SAMPLE_SPACING_MS)) continue;
    merged.push(sample);
  }
  return merged;
}

/** The samples as uPlot's column arrays: time in Unix seconds, then each series. */
export function toColumns(history: readonly StatsSample[]): [number[], number[], number[], (number | null)[], (number | null)[]] {
  return [
    history.map((s) => s.at / 1000),
    history.map((s) => s.waiting),
    history.map((s) => s.activeCalls),
    history.map((s) => s.serviceLevel),
    history.map((s) => s.abandonRate),
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
