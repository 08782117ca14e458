/**
 * `acc_reconnects_total{connection}`: how often a connection came back after being lost:
 * `redis` (the main Redis connection ready again, ioredis `ready` after the first) and `ari` (the
 * ARI connection up again after the first time).
 */
import { Counter, type Registry } from "prom-client";
import type { Redis } from "ioredis";

/** What is watched: the Redis client, and a way to hear of the ARI connection's states. */
export interface ReconnectSources {
  redis: Redis;
  onAriState(listener: (state: "connecting" | "up" | "down") => void): void;
}

/** Registers the counter and counts the reconnects of `sources` from now on. */
export function countReconnects(registry: Registry, sources: ReconnectSources): void {
  const counter = new Counter({
    name: "acc_reconnects_total",
    help: "Times a lost connection came back, by connection (redis, ari)",
    labelNames: ["connection"] as const,
    registers: [registry],
  });
  const redis = counter.labels("redis");
  const ari = counter.labels("ari");
  // Both start at 0 so they are scraped before the first reconnect.
  redis.inc(0);
  ari.inc(0);
  let redisReady = sources.redis.status === "ready";
  sources.redis.on("ready", () => {
    if (redisReady) redis.inc();
    redisReady = true;
  });
  let ariWasUp = false;
  sources.onAriState((state) => {
    if (state !== "up") return;
    if (ariWasUp) ari.inc();
    ariWasUp = true;
  });
}
