/**
 * A private `redis-server` that can be stopped and started again on its port: with its data (an
 * append-only file written on every command, so a stop is an outage, not a data loss, as for a
 * production Redis restarting) or empty (a restart without persistence, as after a failover to an
 * empty replica). For the tests and the chaos suite, which take Redis away under traffic.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startLocalRedis, type LocalRedis } from "./local-redis.js";

/** A private Redis on 127.0.0.1 whose process the caller stops and starts. */
export interface RestartableRedis {
  /** `redis://127.0.0.1:<port>`, the same across restarts. */
  readonly url: string;
  /** Stops redis-server (SIGTERM, which flushes the append-only file); no-op when stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port; `empty` deletes its data first; no-op while it runs. */
  start(options?: { empty?: boolean }): Promise<void>;
  /** Stops it and deletes its data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a persistent `redis-server` on a free port of 127.0.0.1.
 * @throws Error when redis-server cannot be installed or does not answer PING within 10 s.
 */
export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await freePort();
  const newDataDir = () => mkdtemp(join(tmpdir(), "acc-redis-"));
  let dataDir = await newDataDir();
  let running: LocalRedis | undefined;
  const stop = async (): Promise<void> => {
    const redis = running;
    running = undefined;
    await redis?.stop();
  };
  const start = async (options: { empty?: boolean } = {}): Promise<void> => {
    if (running) return;
    if (options.empty) {
      await rm(dataDir, { recursive: true, force: true });
      dataDir = await newDataDir();
    }
    running = await startLocalRedis({ port, dataDir });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
