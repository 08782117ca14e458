/**
 * A `redis-server` of a test's own, which the test can stop and start again on the same port:
 * with its data (append-only file in a private folder) or empty (a restart without persistence,
 * as after a failover to an empty replica).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../../src/demo/local-redis.js";

/** A private Redis the test controls. */
export interface RedisProcess {
  url: string;
  /** Stops the server (SIGTERM; the append-only file is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port; `empty` deletes its data first. */
  start(options?: { empty?: boolean }): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Starts a persistent `redis-server` (appendonly, fsync always) on a free port of 127.0.0.1. */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let dir = await mkdtemp(join(tmpdir(), "acc-redis-"));
  let child: ChildProcess | undefined;
  const start = async (options: { empty?: boolean } = {}) => {
    if (options.empty) {
      await rm(dir, { recursive: true, force: true });
      dir = await mkdtemp(join(tmpdir(), "acc-redis-"));
    }
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    for (let i = 0; i < 200 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await answers(port))) throw new Error(`redis-server on port ${port} did not start`);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
