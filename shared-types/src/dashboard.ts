/**
 * What the dashboard reads over HTTP besides the WebSocket: the chart history of the last hour
 * (`GET /api/dashboard/history`) and the colour thresholds of its figures
 * (`GET /api/dashboard/thresholds`).
 */
import { z } from "zod";
import { systemStatsSchema } from "./events/system-stats.js";
import { count, percentage, unixMs } from "./fields.js";

/**
 * One chart point, taken from one `system_stats` push: `at` (Unix ms, the push's timestamp),
 * `waiting` (calls waiting in queues, summed over the queues), `activeCalls` (calls agents hold,
 * ringing included), `serviceLevel` and `abandonRate` (%, the mean of the per-queue figures;
 * `null` when the push had no queues).
 */
export const statsSampleSchema = z.object({
  at: unixMs,
  waiting: count,
  activeCalls: count,
  serviceLevel: percentage.nullable(),
  abandonRate: percentage.nullable(),
});
export type StatsSample = z.infer<typeof statsSampleSchema>;

/**
 * `GET /api/dashboard/history`: the samples of the last `windowMs` (ms), oldest first, and
 * `latest`, the last `system_stats` payload pushed within the window (absent when none), so a
 * dashboard that just loaded shows the figures before the next push.
 */
export const statsHistorySchema = z.object({
  windowMs: z.int().min(1),
  samples: z.array(statsSampleSchema),
  latest: systemStatsSchema.optional(),
});
export type StatsHistory = z.infer<typeof statsHistorySchema>;

/**
 * `GET /api/dashboard/thresholds`, in %: service level is green at or above `serviceLevel.target`,
 * amber at or above `serviceLevel.warn`, red below; abandon rate is green at or below
 * `abandonRate.target`, amber at or below `abandonRate.warn`, red above.
 */
export const dashboardThresholdsSchema = z.object({
  serviceLevel: z.object({ target: percentage, warn: percentage }),
  abandonRate: z.object({ target: percentage, warn: percentage }),
});
export type DashboardThresholds = z.infer<typeof dashboardThresholdsSchema>;
