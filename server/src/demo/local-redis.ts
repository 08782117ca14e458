/**
 * A private, non-persistent `redis-server` on a free loopback port, for the demo and the tests.
 *
 * Where `redis-server` is missing it installs Debian's package when running as root, and otherwise
 * fails with a message that says how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A running private Redis: its URL and how to stop it. */
export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

function hasRedisServer(): boolean {
  return spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;
}

function installRedisServer(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      "redis-server is not installed and this process is not root. Install it with " +
        "`sudo apt-get install -y redis-server` (Debian/Ubuntu), or point REDIS_URL at a Redis you own.",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], { stdio: "inherit", env });
  // A fresh machine may have no package lists yet; update only when the first attempt fails.
  if (install().status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    if (install().status !== 0) throw new Error("apt-get install redis-server failed; see the output above.");
  }
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before answering`);
    const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refusals are expected while the server starts; they are retried here, not reported.
    client.on("error", () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${String(lastError)}`);
}

/** Where and how {@link startLocalRedis} runs the server. */
export interface LocalRedisOptions {
  /** The port (default: a free one); a restarted server takes its predecessor's port again. */
  port?: number;
  /** A folder for an append-only file, so a restart keeps the data (default: no persistence). */
  dataDir?: string;
}

/**
 * Starts `redis-server` on 127.0.0.1, on a free port and with persistence off unless `options`
 * say otherwise.
 * @throws Error when redis-server cannot be installed or does not answer within 10 s.
 */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  if (!hasRedisServer()) installRedisServer();
  const port = options.port ?? (await freePort());
  const persistence = options.dataDir ? ["--dir", options.dataDir, "--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
  // A process group of its own: Ctrl-C in a terminal signals the whole foreground group, and
  // Redis must outlive the server's shutdown, which still writes to it. It is stopped by stop(),
  // or when this process exits.
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  await waitForPing(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
