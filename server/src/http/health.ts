/**
 * `GET /health`: Redis and ARI connectivity, each `up` or `down` with a detail; 200 when both are
 * up, 503 when either is down (so a load balancer or orchestrator takes this node out).
 */
import type { FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";

/** What the health route checks. */
export interface HealthOptions {
  redis: Redis;
  /** ARI connection state and a detail (e.g. the last error). */
  ari(): { state: "connecting" | "up" | "down"; detail: string };
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

/** Registers GET /health. */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (fastify, options) => {
  fastify.get("/health", async (_request, reply) => {
    const redis = await pingRedis(options.redis, options.redisTimeoutMs ?? 1000);
    const ari = options.ari();
    const ariStatus = ari.state === "up" ? "up" : "down";
    const healthy = redis.status === "up" && ariStatus === "up";
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? "ok" : "unavailable",
      redis,
      ari: { status: ariStatus, detail: ari.detail || ari.state },
      timestamp: new Date().toISOString(),
    });
  });
};
