/**
 * Request/answer over the IPC channel of a forked child process, so the benchmark can run servers
 * and client crowds in processes of their own (each with its own event loop and descriptor limit).
 */
import { fork, type ChildProcess } from "node:child_process";

interface Request {
  rpc: number;
  type: string;
  [key: string]: unknown;
}

type Answer = { rpc: number; ok: true; result: unknown } | { rpc: number; ok: false; error: string };

/** A child process started with {@link startChild}. */
export interface ChildHandle {
  child: ChildProcess;
  /** What the child sent with `ready`. */
  ready: Record<string, unknown>;
  /** Sends `{ type, ...fields }` and resolves with the handler's result; rejects after `timeoutMs`. */
  request<T>(type: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, then kills it if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartChildOptions {
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  /** Most time the child may take to send `ready`, in ms. */
  readyTimeoutMs?: number;
  cwd?: string;
}

/**
 * Forks `modulePath` and waits for its `{ type: "ready", ... }` message.
 * @throws Error when the child exits or stays silent for `readyTimeoutMs` (default 60 s).
 */
export async function startChild(modulePath: string, options: StartChildOptions = {}): Promise<ChildHandle> {
  const child = fork(modulePath, [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    for (const { reject, timer } of pending.values()) {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited (code ${code}, signal ${signal}) before answering`));
    }
    pending.clear();
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${modulePath} did not start within ${options.readyTimeoutMs ?? 60_000} ms`)), options.readyTimeoutMs ?? 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited with code ${code} while starting`));
    });
    child.on("message", function onReady(message: { type?: string }) {
      if (message?.type !== "ready") return;
      clearTimeout(timer);
      child.off("message", onReady);
      resolve(message as Record<string, unknown>);
    });
  });
  child.on("message", (message: Answer) => {
    const waiting = typeof message?.rpc === "number" ? pending.get(message.rpc) : undefined;
    if (!waiting) return;
    pending.delete(message.rpc);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error));
  });
  const request = <T>(type: string, fields: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const rpc = nextId++;
      const timer = setTimeout(() => {
        pending.delete(rpc);
        reject(new Error(`${modulePath}: "${type}" not answered within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(rpc, { resolve: resolve as (value: unknown) => void, reject, timer });
      child.send({ ...fields, rpc, type } satisfies Request);
    });
  return {
    child,
    ready,
    request,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        await request("stop", {}, timeoutMs).catch(() => undefined);
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The child's side: answers each request with its handler's result. `stop` runs `onStop`, answers,
 * and exits. Sends `ready` with `readyFields`.
 */
export function serveParent(
  handlers: Record<string, (request: Record<string, unknown>) => unknown>,
  readyFields: Record<string, unknown>,
  onStop: () => Promise<void>,
): void {
  const send = (message: unknown) => process.send?.(message);
  let stopping: Promise<void> | undefined;
  const stopOnce = () => (stopping ??= onStop());
  process.on("message", async (message: Request) => {
    if (typeof message?.rpc !== "number") return;
    try {
      if (message.type === "stop") {
        await stopOnce();
        send({ rpc: message.rpc, ok: true, result: null });
        process.disconnect?.();
        // Give the answer time to leave; the parent kills the process if it lingers.
        setTimeout(() => process.exit(0), 200).unref();
        return;
      }
      const handler = handlers[message.type];
      if (!handler) throw new Error(`unknown request "${message.type}"`);
      send({ rpc: message.rpc, ok: true, result: (await handler(message)) ?? null });
    } catch (error) {
      send({ rpc: message.rpc, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  // Without a parent there is nothing to serve: an orphaned child stops itself.
  process.on("disconnect", () => void stopOnce().finally(() => process.exit(0)));
  send({ type: "ready", ...readyFields });
}

/**
 * A `cpu` request handler: this process's CPU time (user and system, ms) since the previous call
 * (the first call counts from when the handler was made).
 */
export function cpuSinceLastCall(): () => { userMs: number; systemMs: number } {
  let mark = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(mark);
    mark = process.cpuUsage();
    return { userMs: used.user / 1000, systemMs: used.system / 1000 };
  };
}

/** Memory of this process after two full collections (needs `--expose-gc`), in bytes. */
export function settledMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage();
}
