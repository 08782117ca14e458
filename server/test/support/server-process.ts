/**
 * The server as a child process (`server/src/main.ts`, run from its TypeScript source with tsx),
 * so a test can kill it with SIGKILL, as `kill -9` would, and start another one on the same Redis.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../src/demo/local-redis.js";
import { TEST_SECRET, waitFor } from "@acc/test-support";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** A running server process. */
export interface ServerProcess {
  httpUrl: string;
  wsUrl: string;
  /** Every line the process wrote (pino JSON on stdout, anything on stderr). */
  lines: string[];
  /** SIGKILL: no clean-up of any kind runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the normal stop. Resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `server/src/main.ts` against `ariUrl` and `redisUrl` under key prefix `prefix`, with the
 * example roster and `env` on top; resolves when `/health` answers 200 (Redis and ARI up).
 * @throws Error when it exits or is not healthy within 20 s.
 */
export async function startServerProcess(options: { ariUrl: string; redisUrl: string; prefix: string; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ARI_URL: options.ariUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      AUTH_SECRET: TEST_SECRET,
      PORT: String(port),
      AGENT_ENDPOINT: "Local/{extension}@agents",
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts);
    });
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const httpUrl = `http://127.0.0.1:${port}`;
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}: ${lines.slice(-5).join("\n")}`);
      return fetch(`${httpUrl}/health`).then((r) => r.status === 200, () => false);
    }, "the server process to be healthy", 20_000);
  } catch (error) {
    await end("SIGKILL");
    throw error;
  }
  return { httpUrl, wsUrl: `ws://127.0.0.1:${port}/ws`, lines, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}
