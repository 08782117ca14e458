/**
 * Vitest global setup: starts a private `redis-server` on a free loopback port for a workspace's
 * test run and provides its URL to the tests as `inject("redisUrl")`. Setting `TEST_REDIS_URL`
 * uses that server instead (each suite still works under its own key prefix and cleans up).
 */
import type { TestProject } from "vitest/node";
import { startLocalRedis } from "@acc/server";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_REDIS_URL;
  if (external) {
    project.provide("redisUrl", external);
    return async () => {};
  }
  const redis = await startLocalRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
