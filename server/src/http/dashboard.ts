/**
 * What the dashboard reads over HTTP, for supervisors and ops (`Authorization: Bearer`):
 * `GET /api/dashboard/history` the chart samples of the last hour and the last `system_stats`,
 * kept in Redis (`system-stats/stats-history.ts`), so the charts and figures survive a reload; `GET /api/dashboard/thresholds`
 * the colour thresholds of service level and abandon rate (`SERVICE_LEVEL_*_PCT`,
 * `ABANDON_RATE_*_PCT`).
 */
import { dashboardThresholdsSchema, statsHistorySchema, type DashboardThresholds } from "@acc/shared-types";
import type { FastifyPluginAsync } from "fastify";
import type { Authenticator } from "../auth/authenticator.js";
import type { StatsHistoryStore } from "../system-stats/stats-history.js";
import { STATS_HISTORY_WINDOW_MS } from "../system-stats/stats-history.js";
import { apiErrorSchema, documented } from "./openapi.js";
import { requireRole } from "./require-role.js";

/** What the dashboard routes need. */
export interface DashboardRoutesOptions {
  /** Checks the token, revocation included. */
  authenticate: Authenticator;
  history: StatsHistoryStore;
  thresholds: DashboardThresholds;
  now(): number;
}

const refusals = {
  401: { description: "No token, or the token was refused", body: apiErrorSchema },
  403: { description: "The token's role is agent", body: apiErrorSchema },
};

const historyDoc = documented({
  summary: "Chart samples of the last hour, one per system_stats push",
  tags: ["dashboard"],
  bearer: true,
  responses: { 200: { description: "The samples, oldest first", body: statsHistorySchema }, ...refusals },
});

const thresholdsDoc = documented({
  summary: "Colour thresholds of service level and abandon rate (%)",
  tags: ["dashboard"],
  bearer: true,
  responses: { 200: { description: "The thresholds", body: dashboardThresholdsSchema }, ...refusals },
});

/** Registers GET /api/dashboard/history and GET /api/dashboard/thresholds. */
export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (fastify, options) => {
  fastify.addHook("onRequest", requireRole(options.authenticate, ["supervisor", "ops"]));

  fastify.get("/api/dashboard/history", historyDoc, async () => {
    const now = options.now();
    const [samples, latest] = await Promise.all([options.history.read(now), options.history.latest(now)]);
    return { windowMs: STATS_HISTORY_WINDOW_MS, samples, ...(latest ? { latest } : {}) };
  });

  fastify.get("/api/dashboard/thresholds", thresholdsDoc, async () => options.thresholds);
};
