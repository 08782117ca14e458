/**
 * `GET /health`: Redis, ARI and the roster, each `up` or `down` with a detail; 200 when all are
 * up, 503 when any is down (so a load balancer or orchestrator takes this node out). The roster is
 * down while Redis has lost it (restart without persistence, failover) until it is written back.
 */
import type { FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";
import { z } from "zod";
import { documented } from "./openapi.js";

/** What the health route checks. */
export interface HealthOptions {
  redis: Redis;
  /** ARI connection state and a detail (e.g. the last error). */
  ari(): { state: "connecting" | "up" | "down"; detail: string };
  /** Whether the roster is loaded in Redis (checks and, when missing, reloads it; never rejects). */
  roster(): Promise<{ status: "up" | "down"; detail: string }>;
  /** Limit (ms) for the Redis PING. */
  redisTimeoutMs?: number;
}

async function pingRedis(redis: Redis, timeoutMs: number): Promise<{ status: "up" | "down"; detail: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no PING reply within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return { status: "up", detail: `PING answered in ${(performance.now() - started).toFixed(1)} ms` };
  } catch (error) {
    return { status: "down", detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const dependencySchema = z.object({ status: z.enum(["up", "down"]), detail: z.string() });

/** The body of GET /health, for the OpenAPI document. */
const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  redis: dependencySchema,
  ari: dependencySchema,
  roster: dependencySchema.describe("down while Redis has lost the roster and it is being written back"),
  timestamp: z.iso.datetime(),
});

const healthDoc = documented({
  summary: "Redis, ARI and roster health",
  description: "No token needed and never rate-limited, for load balancers and orchestrators.",
  tags: ["health"],
  responses: {
    200: { description: "Redis, ARI and the roster are up", body: healthSchema },
    503: { description: "Redis or ARI is down, or Redis has lost the roster", body: healthSchema },
  },
});

/** Registers GET /health. */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (fastify, options) => {
  fastify.get("/health", healthDoc, async (_request, reply) => {
    const redis = await pingRedis(options.redis, options.redisTimeoutMs ?? 1000);
    const ari = options.ari();
    const ariStatus = ari.state === "up" ? "up" : "down";
    // With Redis down the roster check would wait for it; its state is unknown then.
    const roster = redis.status === "up" ? await options.roster() : { status: "down" as const, detail: "Redis is down" };
    const healthy = redis.status === "up" && ariStatus === "up" && roster.status === "up";
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? "ok" : "unavailable",
      redis,
      ari: { status: ariStatus, detail: ari.detail || ari.state },
      roster,
      timestamp: new Date().toISOString(),
    });
  });
};
