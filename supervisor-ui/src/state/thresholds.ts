/**
 * The colours of service level and abandon rate. The thresholds come from the server
 * (`GET /api/dashboard/thresholds`, set by `SERVICE_LEVEL_*_PCT` and `ABANDON_RATE_*_PCT`); until
 * they arrive, or when the server has none, the documented defaults apply.
 */
import type { DashboardThresholds } from "@acc/shared-types";

/** The server's defaults: service level target 80 %, warning 70 %; abandon rate target 5 %, warning 10 %. */
export const DEFAULT_THRESHOLDS: DashboardThresholds = { serviceLevel: { target: 80, warn: 70 }, abandonRate: { target: 5, warn: 10 } };

/** How a figure stands against its thresholds: on target (green), warning (amber), off target (red). */
export type Level = "good" | "warn" | "bad";

/** Service level `value` (%): good at or above the target, warn at or above the warning, bad below. */
export function serviceLevelLevel(value: number, t: DashboardThresholds = DEFAULT_THRESHOLDS): Level {
  return value >= t.serviceLevel.target ? "good" : value >= t.serviceLevel.warn ? "warn" : "bad";
}

/** Abandon rate `value` (%): good at or below the target, warn at or below the warning, bad above. */
export function abandonRateLevel(value: number, t: DashboardThresholds = DEFAULT_THRESHOLDS): Level {
  return value <= t.abandonRate.target ? "good" : value <= t.abandonRate.warn ? "warn" : "bad";
}

/** What a screen reader hears after the figure, since colour alone says nothing to it. */
export const LEVEL_WORDS: Record<Level, string> = { good: "on target", warn: "warning", bad: "off target" };
