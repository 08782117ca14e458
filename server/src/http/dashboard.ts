/**
 * What the dashboard reads over HTTP, for supervisors and ops (`Authorization: Bearer`):
 * `GET /api/dashboard/history` the chart samples of the last hour and the last `system_stats`,
 * kept in Redis (`system-stats/stats-history.ts`), so the charts and figures survive a reload; `GET /api/dashboard/thresholds`
 * the colour thresholds of service level and abandon rate (`SERVICE_LEVEL_*_PCT`,
 * `ABANDON_RATE_*_PCT`).
 */
import { dashboardThresholdsSchema, statsHistorySchema, type DashboardThresholds } from "@acc/shared-types";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { verifyToken } from "../auth/token.js";
import type { StatsHistoryStore } from "../system-stats/stats-history.js";
import { STATS_HISTORY_WINDOW_MS } from "../system-stats/stats-history.js";
import { apiErrorSchema, documented } from "./openapi.js";

/** What the dashboard routes need. */
export interface DashboardRoutesOptions {
  authSecret: string;
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

async function refusal(request: FastifyRequest, secret: string): Promise<{ code: 401 | 403; message: string } | null> {
  const header = request.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (!token) return { code: 401, message: "A supervisor or ops token is required (Authorization: Bearer <token>)." };
  try {
    const identity = await verifyToken(secret, token);
    return identity.role === "agent" ? { code: 403, message: "Role agent may not read the dashboard; a supervisor or ops token is required." } : null;
  } catch (error) {
    return { code: 401, message: `Token refused: ${(error as Error).message}` };
  }
}

/** Registers GET /api/dashboard/history and GET /api/dashboard/thresholds. */
export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (fastify, options) => {
  fastify.addHook("onRequest", async (request, reply) => {
    const refused = await refusal(request, options.authSecret);
    if (refused) return reply.code(refused.code).send({ error: refused.code === 403 ? "FORBIDDEN" : "UNAUTHORIZED", message: refused.message });
  });

  fastify.get("/api/dashboard/history", historyDoc, async () => {
    const now = options.now();
    const [samples, latest] = await Promise.all([options.history.read(now), options.history.latest(now)]);
    return { windowMs: STATS_HISTORY_WINDOW_MS, samples, ...(latest ? { latest } : {}) };
  });

  fastify.get("/api/dashboard/thresholds", thresholdsDoc, async () => options.thresholds);
};
