/**
 * The server under test as a child process running its real entry point (`server/src/main.ts`,
 * from source through tsx), so `kill -9` is a real process death. Every exit the suite did not ask
 * for is recorded as a crash, and the process is started again so the run goes on.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { eventually } from "./wait.js";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** How many times a crashed server is started again in one run. */
const maxRestarts = 10;

/** An exit of the server that the suite did not cause. */
export interface Crash {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to stderr. */
  stderr: string;
}

/** How the child is configured: the server's environment variables (README "Configuration"). */
export type ServerEnvironment = Record<string, string>;

/** Starts, kills and restarts the server child on one fixed port. */
export class ServerProcess {
  readonly crashes: Crash[] = [];
  private child: ChildProcess | undefined;
  private stderrTail = "";
  private restarting: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly port: number,
    private readonly env: ServerEnvironment,
  ) {}

  /** `http://127.0.0.1:<port>`. */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `ws://127.0.0.1:<port>/ws`. */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Spawns the server; resolves once it listens (GET /health answers, whatever its status). Throws after `timeoutMs`. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) return;
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
      cwd: repositoryRoot,
      env: { ...process.env, ...this.env, HOST: "127.0.0.1", PORT: String(this.port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.child = child;
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-4000);
    });
    child.once("exit", (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.crashes.push({ code, signal, stderr: this.stderrTail });
      // Bounded: a server that cannot start at all must not be respawned forever.
      if (!this.closed && this.crashes.length <= maxRestarts) {
        this.restarting = this.start(timeoutMs).catch(() => undefined).finally(() => (this.restarting = undefined));
      }
    });
    const up = await eventually(() => this.answers(), timeoutMs, 100);
    if (!up) throw new Error(`the server did not listen on ${this.httpUrl} within ${timeoutMs} ms: ${this.stderrTail}`);
  }

  /** `kill -9` the server (an expected exit, not a crash) and wait for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  /** True when GET /health answered 200 (Redis and ARI up). */
  async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.httpUrl}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    } catch {
      return false;
    }
  }

  /** Waits until the server is healthy; resolves with whether it became so within `timeoutMs`. */
  async waitHealthy(timeoutMs: number): Promise<boolean> {
    await this.restarting;
    return eventually(() => this.healthy(), timeoutMs, 100);
  }

  /** Stops the server for good (SIGTERM, then SIGKILL after 5 s). */
  async close(): Promise<void> {
    this.closed = true;
    await this.restarting?.catch(() => undefined);
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  private async answers(): Promise<boolean> {
    try {
      await fetch(`${this.httpUrl}/health`, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      return false;
    }
  }
}
