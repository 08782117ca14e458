/**
 * A whole server for end-to-end tests: the ARI simulator, the server built by `buildApp` against it
 * with a private Redis key prefix, listening on a free loopback port, and real WebSocket screens.
 */
import { startSimulator, type Simulator } from "@acc/ari-simulator";
import { parseServerFrame, type EventPayloadMap, type ServerEventName, type ServerFrame } from "@acc/shared-types";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import WebSocket from "ws";
import { buildApp, loadConfig, signToken, type App, type QueueConfig, type Role, type RosterEntry } from "@acc/server";
import { testRedis, type TestRedis } from "./redis.js";

/** The test roster: three agents, the seed's field names. */
export const TEST_ROSTER: RosterEntry[] = [
  { agentId: "agent-1001", extension: "1001", agentName: "John Doe", maxCalls: 3 },
  { agentId: "agent-1002", extension: "1002", agentName: "Jane Smith", maxCalls: 3 },
  { agentId: "agent-1003", extension: "1003", agentName: "Amina Otieno", maxCalls: 1 },
];

export const TEST_SECRET = "test-secret-0123456789abcdef0123456789";

/** A running stack. */
export interface Stack {
  app: App;
  simulator: Simulator;
  redis: TestRedis;
  wsUrl: string;
  httpUrl: string;
  /** Connects a screen with a fresh token for the role (and agent). */
  screen(role: Role, agentId?: string): Promise<Screen>;
  close(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** The queue configuration (none by default: every queue number gets the defaults). */
  queues?: QueueConfig[];
  /** A Redis of the test's own (default: the suite's shared test Redis). */
  redisUrl?: string;
  /** The roster guard's check interval (ms); see `roster/roster-guard.ts`. */
  rosterCheckIntervalMs?: number;
}

/** Starts the stack. `env` overrides configuration variables (e.g. RING_TIMEOUT_S). */
export async function startStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  const redis = testRedis(options.redisUrl);
  const simulator = await startSimulator({ port: 0 });
  const config = loadConfig({
    ARI_URL: simulator.url,
    REDIS_URL: redis.url,
    AUTH_SECRET: TEST_SECRET,
    REDIS_PREFIX: redis.prefix,
    AGENT_ENDPOINT: "Local/{extension}@agents",
    LOG_LEVEL: "silent",
    ...env,
  });
  const app = await buildApp({
    config,
    redisUrl: redis.url,
    ariUrl: simulator.url,
    roster: TEST_ROSTER,
    queues: options.queues ?? [],
    logger: pino({ level: "silent" }),
    ...(options.rosterCheckIntervalMs ? { rosterCheckIntervalMs: options.rosterCheckIntervalMs } : {}),
  });
  await app.fastify.listen({ host: "127.0.0.1", port: 0 });
  await waitFor(() => app.ari.state === "up", "ARI connection up");
  const { port } = app.fastify.server.address() as AddressInfo;
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const screens: Screen[] = [];
  return {
    app,
    simulator,
    redis,
    wsUrl,
    httpUrl,
    async screen(role, agentId) {
      const token = await signToken(TEST_SECRET, { role, ...(agentId ? { agentId } : {}) });
      const screen = await openScreen(wsUrl, token);
      screens.push(screen);
      return screen;
    },
    async close() {
      for (const screen of screens) screen.close();
      await app.fastify.close();
      await simulator.close();
      await redis.cleanup();
    },
  };
}

/** A second server process of a {@link Stack}: same Redis and key prefix, its own Stasis app. */
export interface SecondServer {
  app: App;
  /** `127.0.0.1:<port>` of its HTTP and WebSocket listener. */
  host: string;
  wsUrl: string;
}

/**
 * Builds and starts a second server on the stack's Redis prefix and simulator, as another process
 * of a multi-node deployment would run: it registers the Stasis app `contact-center-second`, so
 * both receive ARI events. `env` overrides configuration variables. Close it with `app.fastify.close()`.
 */
export async function startSecondServer(stack: Stack, env: Record<string, string> = {}): Promise<SecondServer> {
  const config = loadConfig({
    ARI_URL: stack.simulator.url,
    REDIS_URL: stack.redis.url,
    AUTH_SECRET: TEST_SECRET,
    REDIS_PREFIX: stack.redis.prefix,
    ARI_APP: "contact-center-second",
    AGENT_ENDPOINT: "Local/{extension}@agents",
    LOG_LEVEL: "silent",
    ...env,
  });
  const app = await buildApp({ config, redisUrl: stack.redis.url, ariUrl: stack.simulator.url, roster: TEST_ROSTER, logger: pino({ level: "silent" }) });
  await app.fastify.listen({ host: "127.0.0.1", port: 0 });
  const host = `127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
  return { app, host, wsUrl: `ws://${host}/ws` };
}

/** Polls `check` every 20 ms until it is true; fails after `timeoutMs` naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Where a wait starts and how long it lasts. */
export interface WaitOptions {
  /** Consider only frames received after this {@link Screen.mark}; default: see {@link Screen.next}. */
  after?: number;
  /** Fail after this long (ms); default 5000. */
  timeoutMs?: number;
}

/** A real WebSocket screen that records every frame it receives (validated with shared-types). */
export class Screen {
  readonly frames: ServerFrame[] = [];
  readonly invalid: string[] = [];
  private counter = 0;
  /** Per event name: the position just after the last frame `next` returned. */
  private readonly taken = new Map<ServerEventName, number>();

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const parsed = parseServerFrame(data.toString());
      if (parsed.ok) this.frames.push(parsed.value);
      else this.invalid.push(`${parsed.error.message}: ${data.toString().slice(0, 300)}`);
    });
  }

  /** Payloads of the events named `event` received so far. */
  events<E extends ServerEventName>(event: E): EventPayloadMap[E][] {
    return this.frames.filter((f): f is Extract<ServerFrame, { event: E }> => "event" in f && f.event === event).map((f) => f.data as EventPayloadMap[E]);
  }

  /** The position after every frame received so far: pass it as `after` to wait only for later frames. */
  mark(): number {
    return this.frames.length;
  }

  /**
   * Waits for the next event named `event` whose payload satisfies `match`: the first one received
   * after `after` when given, otherwise after the last `event` this method returned (so two calls
   * never return the same frame). `options` as a number is the timeout (ms).
   */
  async next<E extends ServerEventName>(event: E, match: (data: EventPayloadMap[E]) => boolean = () => true, options: number | WaitOptions = {}): Promise<EventPayloadMap[E]> {
    const { after, timeoutMs = 5000 } = typeof options === "number" ? { timeoutMs: options } : options;
    const from = after ?? this.taken.get(event) ?? 0;
    let index = -1;
    const matches = (frame: ServerFrame, at: number) => at >= from && "event" in frame && frame.event === event && match(frame.data as EventPayloadMap[E]);
    await waitFor(() => (index = this.frames.findIndex(matches)) >= 0, `event ${event}`, timeoutMs);
    this.taken.set(event, index + 1);
    return (this.frames[index] as Extract<ServerFrame, { event: E }>).data as EventPayloadMap[E];
  }

  /** Sends a command and resolves with its ack or error frame. */
  async command(command: Record<string, unknown> & { type: string }): Promise<Extract<ServerFrame, { type: "ack" | "error" }>> {
    const id = `t-${++this.counter}`;
    this.socket.send(JSON.stringify({ ...command, id }));
    return this.reply(id);
  }

  /** Waits for the ack or error frame carrying `id`. */
  async reply(id: string): Promise<Extract<ServerFrame, { type: "ack" | "error" }>> {
    let found: Extract<ServerFrame, { type: "ack" | "error" }> | undefined;
    await waitFor(
      () => (found = this.frames.find((f): f is Extract<ServerFrame, { type: "ack" | "error" }> => "type" in f && (f.type === "ack" || f.type === "error") && f.id === id)) !== undefined,
      `reply to ${id}`,
    );
    return found!;
  }

  close(): void {
    this.socket.close();
  }
}

/** Opens a screen and waits for its `connected` frame and `system_state`. */
export async function openScreen(wsUrl: string, token: string): Promise<Screen> {
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  const screen = new Screen(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  await waitFor(() => screen.events("system_state").length > 0, "system_state");
  return screen;
}
