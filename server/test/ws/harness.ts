/**
 * A real WebSocket server for the transport tests: fastify on 127.0.0.1:0 with @fastify/websocket
 * and the ws plugin, an EventPublisher on the test Redis, and `ws` clients that check every frame
 * they receive against the shared-types contract.
 */
import { Writable } from "node:stream";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyRequest } from "fastify";
import { pino } from "pino";
import { WebSocket, type ClientOptions } from "ws";
import { parseServerFrame, type ClientRole, type EventPayloadMap, type ServerFrame } from "@acc/shared-types";
import { signToken, type Identity } from "../../src/auth/token.js";
import { ClientHub, EventPublisher, websocketPluginOptions, wsPlugin, type CommandHandler, type WsPluginOptions } from "../../src/ws/index.js";
import { testRedis, type TestRedis } from "@acc/test-support";

/** The HS256 secret the harness server uses. */
export const secret = "test-secret-of-at-least-32-bytes!";

/** How long a test waits for one frame or event before failing. */
const waitMs = 5000;

export interface HarnessOptions {
  handler?: CommandHandler;
  snapshot?: WsPluginOptions["snapshot"];
  heartbeatIntervalMs?: number;
  rateLimit?: WsPluginOptions["rateLimit"];
  identityRateLimit?: WsPluginOptions["identityRateLimit"];
  abuseLimit?: WsPluginOptions["abuseLimit"];
  connectionCaps?: WsPluginOptions["connectionCaps"];
  allowedOrigins?: WsPluginOptions["allowedOrigins"];
  maxBufferedBytes?: number;
  maxLength?: number;
  /** Lets clients negotiate permessage-deflate (off by default, as in @fastify/websocket). */
  perMessageDeflate?: boolean;
  /** Sees every HTTP request the server gets (the upgrades included). */
  onRequest?: (request: FastifyRequest) => void;
}

export interface Harness {
  url: string;
  /** Stops the server as a shutdown would (fastify close), leaving Redis to `close`. */
  stop(): Promise<void>;
  hub: ClientHub;
  publisher: EventPublisher;
  redis: TestRedis;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The identities `snapshot` was called with, in order. */
  snapshots: Identity[];
  /** Calls of the onConnect and onDisconnect hooks, in order. */
  hookCalls: Array<{ hook: "onConnect" | "onDisconnect"; clientId: string; identity: Identity }>;
  token(role: ClientRole, agentId?: string): Promise<string>;
  /** Opens a client with `token` (if not empty) and `query` in the URL, resolved once the upgrade succeeded. */
  connect(token: string, query?: Record<string, string>, options?: ClientOptions): Promise<TestClient>;
  close(): Promise<void>;
}

/** A `system_state` payload with nothing in it, carrying the given last event id. */
export function emptySystemState(lastEventId: string | null): EventPayloadMap["system_state"] {
  return {
    extensionStates: {},
    availableAgents: [],
    agentsWithCapacity: [],
    activeCalls: [],
    queueCalls: [],
    lastEventId,
    timestamp: new Date().toISOString(),
  };
}

/** An `agent_status_updated` payload for `agentId`; `agentName` lets a test make it large. */
export function statusUpdate(agentId: string, agentName = `Agent ${agentId}`): EventPayloadMap["agent_status_updated"] {
  const now = new Date().toISOString();
  return {
    agentId,
    extension: agentId,
    agentName,
    status: "available",
    previousStatus: "offline",
    activeCalls: [],
    callCount: 0,
    statusChangedAt: now,
    lastUpdate: now,
    capacity: { current: 0, max: 2, canTakeCall: true },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const redis = testRedis();
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const hub = new ClientHub({ logger, maxBufferedBytes: options.maxBufferedBytes });
  const publisher = new EventPublisher({ redis: redis.redis, streamKey: `${redis.prefix}events`, hub, logger, maxLength: options.maxLength });
  const snapshots: Identity[] = [];
  const hookCalls: Harness["hookCalls"] = [];
  const app = Fastify({ loggerInstance: logger });
  await app.register(websocket, {
    ...websocketPluginOptions,
    options: { ...websocketPluginOptions.options, ...(options.perMessageDeflate ? { perMessageDeflate: true } : {}) },
  });
  const { onRequest } = options;
  if (onRequest) app.addHook("onRequest", async (request) => onRequest(request));
  await app.register(wsPlugin, {
    authSecret: secret,
    hub,
    publisher,
    handler: options.handler ?? (async () => undefined),
    snapshot: async (identity, lastEventId) => {
      snapshots.push(identity);
      return options.snapshot ? options.snapshot(identity, lastEventId) : emptySystemState(lastEventId);
    },
    onConnect: (identity, clientId) => void hookCalls.push({ hook: "onConnect", clientId, identity }),
    onDisconnect: (identity, clientId) => void hookCalls.push({ hook: "onDisconnect", clientId, identity }),
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    rateLimit: options.rateLimit,
    identityRateLimit: options.identityRateLimit,
    abuseLimit: options.abuseLimit,
    connectionCaps: options.connectionCaps,
    allowedOrigins: options.allowedOrigins,
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `${address.replace("http", "ws")}/ws`;
  const clients: TestClient[] = [];
  return {
    url,
    stop: () => app.close(),
    hub,
    publisher,
    redis,
    logs,
    snapshots,
    hookCalls,
    token: (role, agentId) => signToken(secret, agentId === undefined ? { role } : { role, agentId }),
    async connect(token, query = {}, clientOptions = {}) {
      const search = new URLSearchParams({ ...(token ? { token } : {}), ...query });
      const client = await TestClient.open(`${url}?${search}`, clientOptions);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.ws.terminate();
      await app.close();
      await redis.cleanup();
    },
  };
}

/** What a refused upgrade answered. */
export interface Refusal {
  status: number;
  body: unknown;
}

/** Tries to open a WebSocket that the server is expected to refuse; resolves with the HTTP answer. */
export function refusal(url: string, options: ClientOptions = {}): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once("open", () => {
      ws.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    ws.once("error", reject);
    ws.once("unexpected-response", (request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.once("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) as unknown });
      });
    });
  });
}

/** A `ws` client that parses every frame with `parseServerFrame` and hands them out in order. */
export class TestClient {
  /** Frames in arrival order; a frame outside the contract is kept as the Error that describes it. */
  private readonly frames: Array<ServerFrame | Error> = [];
  private isClosed = false;
  /** The server's id for this client, from its `connected` frame. */
  clientId: string | undefined;
  private cursor = 0;
  private wake: (() => void) | undefined;
  private pings = 0;
  private syncs = 0;
  /** Resolves with the close code and reason once the connection is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      const parsed = parseServerFrame(isBinary ? "binary frame" : data.toString());
      if (parsed.ok && "type" in parsed.value && parsed.value.type === "connected") this.clientId = parsed.value.clientId;
      this.frames.push(
        parsed.ok ? parsed.value : new Error(`server sent a frame outside the contract: ${parsed.error.message}: ${data.toString().slice(0, 300)}`),
      );
      this.wake?.();
    });
    ws.on("ping", () => {
      this.pings += 1;
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    void this.closed.then(() => {
      this.isClosed = true;
      this.wake?.();
    });
  }

  static open(url: string, options: ClientOptions): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(client));
      ws.once("error", reject);
    });
  }

  /** RFC 6455 pings received so far. */
  get pingsReceived(): number {
    return this.pings;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /**
   * The next frame not yet taken, waiting for it if needed.
   * @throws when the frame broke the contract, or the connection closed with no frame left.
   */
  async next(): Promise<ServerFrame> {
    await this.until(() => this.cursor < this.frames.length || this.isClosed, "a frame");
    const frame = this.frames[this.cursor++];
    if (frame === undefined) throw new Error("the connection closed before the next frame");
    if (frame instanceof Error) throw frame;
    return frame;
  }

  /**
   * Sends a `ping` command and returns every frame received before its pong. The server answers
   * in order on one socket, so afterwards nothing sent before the ping is still on its way.
   */
  async sync(): Promise<ServerFrame[]> {
    this.send({ type: "ping", id: `sync-${++this.syncs}` });
    const taken: ServerFrame[] = [];
    for (;;) {
      const frame = await this.next();
      if ("type" in frame && frame.type === "pong") return taken;
      taken.push(frame);
    }
  }

  /**
   * Sends a command and returns the frames received until its ack or error, that answer last.
   * Unlike {@link sync} this waits for commands the server answers asynchronously.
   */
  async command(frame: { type: string; id: string } & Record<string, unknown>): Promise<ServerFrame[]> {
    this.send(frame);
    const taken: ServerFrame[] = [];
    for (;;) {
      const next = await this.next();
      taken.push(next);
      if ("type" in next && (next.type === "ack" || next.type === "error") && next.id === frame.id) return taken;
    }
  }

  /** Waits until `condition` holds, re-checking on every frame, ping or close. */
  async until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (!condition()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** Event ids of the event frames in `frames`. */
export function eventIds(frames: readonly ServerFrame[]): string[] {
  return frames.flatMap((frame) => ("event" in frame ? [frame.id] : []));
}
