/**
 * Per-suite Redis access for tests: every suite works under its own key prefix on the test
 * server started by `redis-server.ts`, and deletes its keys when done.
 */
import { Redis } from "ioredis";
import { inject } from "vitest";
import { randomUUID } from "node:crypto";

/** A Redis client plus a unique key prefix (`test:<uuid>:`) for one suite. */
export interface TestRedis {
  /** URL of the test Redis server. */
  url: string;
  redis: Redis;
  prefix: string;
  /** Deletes every key under the prefix and closes the client. */
  cleanup(): Promise<void>;
}

/** Connects to the test Redis (or the one at `url`) with a fresh key prefix. */
export function testRedis(url: string = inject("redisUrl")): TestRedis {
  const redis = new Redis(url);
  // Suites that stop their own Redis expect refused reconnects; ioredis would print each to stderr.
  redis.on("error", () => undefined);
  const prefix = `test:${randomUUID()}:`;
  return {
    url,
    redis,
    prefix,
    async cleanup() {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await redis.quit();
    },
  };
}
