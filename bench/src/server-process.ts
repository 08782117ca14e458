/** Starts the server under test ({@link ./server-child.ts}) in a child process. */
import { fileURLToPath } from "node:url";
import { startChild, type ChildHandle } from "./rpc.js";
import type { ServerChildConfig } from "./server-child.js";

export interface ServerProcess {
  handle: ChildHandle;
  port: number;
  /** `ws://127.0.0.1:<port>/ws?token=<token>`. */
  wsUrl(token: string): string;
  /** Memory after two full collections, connected clients and open descriptors. */
  memory(): Promise<NodeJS.MemoryUsage & { clients: number; openFiles: number }>;
  /** CPU time (ms) the server used since the previous call. */
  cpu(): Promise<{ userMs: number; systemMs: number }>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions extends ServerChildConfig {
  /** Write a V8 CPU profile (`node --cpu-prof`) into this folder when the process exits. */
  cpuProfileDir?: string;
}

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Forks the server with `--expose-gc` (memory figures are taken after full collections) and, when
 * asked, `--cpu-prof`. Resolves once it listens on 127.0.0.1.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { cpuProfileDir, ...config } = options;
  const execArgv = ["--expose-gc", ...(cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [])];
  const handle = await startChild(fileURLToPath(new URL("./server-child.js", import.meta.url)), {
    env: { BENCH_SERVER: JSON.stringify(config) },
    execArgv,
    cwd: repositoryRoot,
    readyTimeoutMs: 120_000,
  });
  const port = Number(handle.ready.port);
  return {
    handle,
    port,
    wsUrl: (token) => `ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`,
    memory: () => handle.request("memory"),
    cpu: () => handle.request("cpu"),
    stop: () => handle.stop(),
  };
}
