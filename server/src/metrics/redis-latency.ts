/**
 * `acc_redis_command_duration_seconds{command}`: round trip of each command the server's main
 * Redis connection sends (from `sendCommand` to its reply, offline-queue time included, so a
 * Redis outage shows as slow commands), by command name (EVALSHA for the state scripts, XADD for the
 * event log, ...). Commands of a pipeline or MULTI are each timed the same way. Cost per command:
 * one `performance.now()`, one promise callback and one observe; no extra round trip.
 */
import { Histogram, type Registry } from "prom-client";
import type { Redis } from "ioredis";

/** Buckets (s): 0.1 ms to 1 s. */
export const REDIS_LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The part of an ioredis Command this needs. */
interface TimedCommand {
  name: string;
  promise: Promise<unknown>;
}

/** Registers the histogram and times every command `redis` sends from now on. */
export function timeRedisCommands(registry: Registry, redis: Redis): void {
  const histogram = new Histogram({
    name: "acc_redis_command_duration_seconds",
    help: "Seconds from sending a Redis command to its reply, main connection, by command",
    labelNames: ["command"] as const,
    buckets: REDIS_LATENCY_BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, Histogram.Internal<"command">>();
  const send = redis.sendCommand.bind(redis) as (command: TimedCommand, ...rest: unknown[]) => unknown;
  (redis as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const startedAt = performance.now();
    const done = (): void => {
      let child = children.get(command.name);
      if (!child) children.set(command.name, (child = histogram.labels(command.name)));
      child.observe((performance.now() - startedAt) / 1000);
    };
    command.promise.then(done, done);
    return send(command, ...rest);
  };
}
