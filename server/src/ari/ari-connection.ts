/**
 * The one owner of the ari-client connection: connecting, rebuilding, the connection state and
 * the event stream. The rest of the server sees typed events ({@link AriEvent}), typed errors
 * ({@link AriError}), a connection state and the REST operations of {@link AriConnection.rest}
 * (ari-rest.ts); ari-client's failure modes stay in this folder (see README.md next to this file).
 */
import { EventEmitter } from "node:events";
import ari from "ari-client";
import type { Client } from "ari-client";
import type { Logger } from "pino";
import { claimAriCredentials, releaseAriCredentials } from "./ari-credentials.js";
import { AriError, ariErrorKindForStatus, normaliseAriError } from "./ari-errors.js";
import { ARI_EVENT_TYPES, parseAriEvent, type AriEvent } from "./ari-events.js";
import { AriHttpClient } from "./ari-http.js";
import { AriRest } from "./ari-rest.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, withRequestTimeout } from "./request-timeout.js";
import { withoutSwaggerNotice } from "./swagger-notice.js";

/**
 * - `connecting`: loading the API and opening the app's WebSocket.
 * - `up`: the WebSocket of the Stasis app is open; events flow.
 * - `down`: not started, closed, or the WebSocket is lost (ari-client is reconnecting, or the
 *   client is rebuilt after a delay).
 */
export type AriConnectionState = "connecting" | "up" | "down";

/** Payload of the `state` event: the new state and a sentence saying why, for /health. */
export interface AriStateChange {
  state: AriConnectionState;
  detail: string;
}

/** The logging methods used; a pino logger fits. */
export type AriLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

/**
 * Delays (ms) between rebuilds of the client once ari-client has given up: the first rebuild
 * waits `initialDelayMs`, each next one twice as long, never more than `maxDelayMs`.
 */
export interface AriRebuildPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Options of {@link AriConnection}. */
export interface AriConnectionOptions {
  /** Base URL of Asterisk's HTTP server, e.g. `http://127.0.0.1:8088` (the path is ignored). */
  url: string;
  username: string;
  password: string;
  /** The Stasis app to register, e.g. `contact-center`. */
  app: string;
  /** Limit (ms) for each REST call and for loading the API; default 5000. */
  requestTimeoutMs?: number;
  /** Rebuild delays; default 1000 ms doubling up to 30000 ms. */
  rebuild?: Partial<AriRebuildPolicy>;
  logger: AriLogger;
}

/** Events of {@link AriConnection}. */
export interface AriConnectionEvents {
  /** A validated ARI event of one of the types in {@link ARI_EVENT_TYPES}. */
  event: [AriEvent];
  state: [AriStateChange];
}

const DEFAULT_REBUILD: AriRebuildPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000 };

/** The part of ari-client's private WebSocket (ws 6) the message guard touches. */
interface ClientSocket {
  listeners(event: "message"): Array<(data: unknown) => void>;
  removeListener(event: "message", listener: (data: unknown) => void): unknown;
  on(event: "message", listener: (data: unknown) => void): unknown;
  once(event: "close", listener: () => void): unknown;
  readyState: number;
}

/** ws readyState CLOSED (RFC 6455 client states as numbered by ws). */
const SOCKET_CLOSED = 3;

/**
 * The client as the Node EventEmitter it is (client.js: `util.inherits(Client, EventEmitter)`);
 * @types/ari-client types only its `on` overloads.
 */
function emitterOf(client: Client): EventEmitter {
  return client as unknown as EventEmitter;
}

/** ari-client's private WebSocket of `client`, if start() created one. */
function socketOf(client: Client): ClientSocket | undefined {
  return (client as unknown as { _ws?: ClientSocket })._ws;
}

/**
 * The ARI connection of this process: one Stasis app over one ari-client client.
 *
 * Events: `event` (a validated {@link AriEvent}), `state` ({@link AriStateChange}). REST
 * operations: {@link AriConnection.rest}, over this connection's current client.
 *
 * Lifecycle:
 * - While the app's WebSocket drops briefly, ari-client reconnects by itself (10 tries over
 *   about 43 s; delays 100 ms doubling up to 10 s, fixed in ari-client's `start`); state is
 *   `down` meanwhile. A second client is never opened while the first may still retry, because
 *   two WebSockets for one app would steal each other's events in Asterisk.
 * - After ari-client emits `WebSocketMaxRetries` (it then never retries again), or when loading
 *   the API fails, the client is dropped and a new one is built (`ari.connect`, `start(app)`)
 *   after the {@link AriRebuildPolicy} delay, forever until close().
 * - Credentials are process-wide in ari-client: a second live connection with other credentials
 *   is refused (see ari-credentials.ts). Use one connection per process.
 */
export class AriConnection extends EventEmitter<AriConnectionEvents> {
  private readonly options: AriConnectionOptions;
  private readonly requestTimeoutMs: number;
  private readonly rebuildPolicy: AriRebuildPolicy;
  private readonly logger: AriLogger;
  private client: Client | undefined;
  private currentState: AriStateChange = { state: "down", detail: "not started" };
  private started = false;
  private closed = false;
  private rebuildAttempt = 0;
  private rebuildTimer: NodeJS.Timeout | undefined;
  private upWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly http: AriHttpClient;
  /**
   * ARI's REST operations, over a keep-alive HTTP pool of this connection's own (ari-http.ts);
   * they fail with kind "unavailable" while the connection has no ari-client client.
   */
  readonly rest: AriRest;

  constructor(options: AriConnectionOptions) {
    super();
    this.options = options;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.rebuildPolicy = { ...DEFAULT_REBUILD, ...options.rebuild };
    this.logger = options.logger;
    this.http = new AriHttpClient({
      url: options.url,
      username: options.username,
      password: options.password,
      requestTimeoutMs: this.requestTimeoutMs,
    });
    this.rest = new AriRest({
      http: this.http,
      availability: () => (this.client === undefined ? `${this.currentState.state}: ${this.currentState.detail}` : undefined),
    });
  }

  /** The current connection state. */
  get state(): AriConnectionState {
    return this.currentState.state;
  }

  /** Why the connection is in its current state (last error or event), for /health. */
  get stateDetail(): string {
    return this.currentState.detail;
  }

  /**
   * Starts connecting and keeps the connection up until close().
   *
   * With `waitUntilUp` (the default) the promise resolves when the app's WebSocket is open,
   * retrying meanwhile for as long as it takes (bound it with your own timeout and call close()
   * if you give up). With `waitUntilUp: false` it resolves at once and the connection comes up
   * in the background; watch `state`. Calling start() again only waits (or not) again.
   *
   * @throws Error when this connection was closed, or when another live connection in this
   *   process uses other credentials (ari-client keeps credentials process-wide).
   * @throws AriError kind "unauthorized" (when waiting) if Asterisk refuses the credentials; the
   *   connection still retries until close(), as an operator may fix ari.conf meanwhile.
   */
  async start(options: { waitUntilUp?: boolean } = {}): Promise<void> {
    if (this.closed) throw new Error("this ARI connection was closed; create a new one");
    if (!this.started) {
      claimAriCredentials(this, { username: this.options.username, password: this.options.password });
      this.started = true;
      void this.connectClient();
    }
    if (options.waitUntilUp === false || this.state === "up") return;
    await new Promise<void>((resolve, reject) => this.upWaiters.push({ resolve, reject }));
  }

  /**
   * Stops the connection for good: cancels any rebuild, closes the WebSocket and the REST pool,
   * and resolves once they are closed (waiting at most the request timeout). Pending start()
   * calls reject with an AriError of kind "unavailable". Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    const client = this.client;
    this.client = undefined;
    releaseAriCredentials(this);
    this.setState("down", "closed");
    this.rejectWaiters(new AriError({ kind: "unavailable", operation: "start", message: "the ARI connection was closed" }));
    await Promise.all([client === undefined ? undefined : this.release(client), this.http.close()]);
  }

  /**
   * How many listeners are registered on the ari-client client (0 without one). Stays constant
   * however many channels come and go, because this module never uses ari-client's per-instance
   * listeners (`channel.on`, which leak unless removed); for leak checks and diagnostics.
   */
  clientListenerCount(): number {
    const client = this.client;
    if (client === undefined) return 0;
    const emitter = emitterOf(client);
    return emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
  }

  /** One attempt to build a client and open the app's WebSocket; on failure, schedules the next. */
  private async connectClient(): Promise<void> {
    this.rebuildTimer = undefined;
    this.setState(
      "connecting",
      this.rebuildAttempt === 0
        ? `connecting to ${this.options.url}`
        : `rebuilding the ARI client (attempt ${this.rebuildAttempt})`,
    );
    let client: Client;
    try {
      await this.checkCredentials();
      client = await withRequestTimeout("connect", this.requestTimeoutMs, () =>
        withoutSwaggerNotice(() => ari.connect(this.options.url, this.options.username, this.options.password)),
      );
    } catch (error) {
      this.scheduleRebuild(normaliseAriError("connect", error));
      return;
    }
    // Without start() the client holds no socket, so a client built after close() is just dropped.
    if (this.closed) return;
    this.client = client;
    this.listenOn(client);
    try {
      await client.start(this.options.app);
    } catch (error) {
      this.abandon(client, normaliseAriError("start", error));
    }
  }

  /**
   * Asks for the API listing with the credentials before ari-client does. ari-client loads it
   * through swagger-client, whose failure handler (`SwaggerApi.fail`) rejects and then throws the
   * message as a string inside an HTTP callback: an uncaught exception for a mere 401. Finding
   * the 401 here first keeps that off the common path of wrong credentials.
   */
  private async checkCredentials(): Promise<void> {
    const operation = "connect";
    const listing = new URL("/ari/api-docs/resources.json", this.options.url);
    const token = Buffer.from(`${this.options.username}:${this.options.password}`).toString("base64");
    let response: Response;
    try {
      response = await fetch(listing, {
        headers: { authorization: `Basic ${token}` },
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new AriError({
        kind: timedOut ? "timeout" : "unavailable",
        operation,
        message: `cannot load ${listing.href}: ${fetchFailure(error)}`,
        cause: error,
      });
    }
    if (!response.ok) {
      const kind = ariErrorKindForStatus(response.status);
      throw new AriError({
        kind: kind === "unauthorized" ? kind : "unavailable",
        operation,
        status: response.status,
        message: `${listing.href} answered HTTP ${response.status}`,
      });
    }
  }

  /**
   * Listens on the client for ari-client's connection events (and ApplicationReplaced, which
   * reaches ari-client as any other event the server does not consume). The consumed event types
   * never reach ari-client (see guardMessages); no listener is put on channel or bridge instances.
   */
  private listenOn(client: Client): void {
    const emitter = emitterOf(client);
    emitter.on("WebSocketConnected", () => {
      this.guardMessages(client);
      this.rebuildAttempt = 0;
      this.setState("up", `Stasis app ${this.options.app} registered on ${this.options.url}`);
      const waiters = this.upWaiters;
      this.upWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    });
    emitter.on("WebSocketReconnecting", (error?: Error) => {
      this.setState("down", `WebSocket lost (${error?.message ?? "closed by Asterisk"}); ari-client is reconnecting`);
    });
    // Asterisk moves an app to the newest WebSocket that registers it and tells the old one
    // (events.json `ApplicationReplaced`); this socket stays open but receives nothing more.
    emitter.on("ApplicationReplaced", () => {
      this.setState("down", `another connection registered the Stasis app ${this.options.app}; its events go there now`);
    });
    emitter.on("WebSocketMaxRetries", (error?: Error) => {
      this.abandon(
        client,
        new AriError({
          kind: "unavailable",
          operation: "start",
          message: `ari-client gave up reconnecting the WebSocket (${error?.message ?? "closed by Asterisk"})`,
        }),
      );
    });
  }

  /**
   * Reads the app's events off ari-client's WebSocket before ari-client's own message handler.
   *
   * - The event types the server consumes ({@link ARI_EVENT_TYPES}) are parsed here from the
   *   frame's JSON and delivered without going through ari-client: its `processMessage` turns
   *   every channel and bridge of an event into a resource object carrying all of its type's
   *   operations, a large share of the server's CPU under load, for objects the server never
   *   uses (it validates the plain JSON with zod).
   * - Every other frame goes to ari-client's handler as before (e.g. ApplicationReplaced), which
   *   throws on a frame that is not JSON and on an event type missing from the API listing it
   *   loaded (it reads `eventModel.properties` of an undefined model). Such a throw would escape
   *   ws 6's receiver before it resets its parser state and calls back, so the socket would stop
   *   delivering anything; here it is a logged skip.
   *
   * ari-client keeps owning the socket and its reconnects: subscribing to the WebSocket ourselves
   * would mean either a second WebSocket for the same app next to ari-client's, or giving up
   * ari-client's start() and its reconnects altogether. Called on `WebSocketConnected`, which
   * ari-client emits from the socket's `open` event, before ws delivers any message of the new
   * socket.
   */
  private guardMessages(client: Client): void {
    const socket = socketOf(client);
    if (socket === undefined) {
      this.logger.error("ari-client's WebSocket was not found on the client: ARI events cannot be read");
      return;
    }
    for (const listener of socket.listeners("message")) {
      socket.removeListener("message", listener);
      socket.on("message", (data: unknown) => {
        const event = consumedEvent(data);
        if (event !== undefined) {
          this.deliver(event);
          return;
        }
        try {
          listener.call(socket, data);
        } catch (error) {
          this.logger.warn(
            { err: error, type: eventTypeOf(data) },
            "ARI event skipped: ari-client cannot process it (unknown event type or malformed frame)",
          );
        }
      });
    }
  }

  /** Validates a raw event (the frame's parsed JSON) and emits it; invalid events are logged and dropped. */
  private deliver(raw: unknown): void {
    const parsed = parseAriEvent(raw);
    if (!parsed.ok) {
      this.logger.warn({ type: eventTypeOf(raw), reason: parsed.reason }, "ARI event dropped: it fails validation");
      return;
    }
    try {
      this.emit("event", parsed.event);
    } catch (error) {
      this.logger.error({ err: error, type: parsed.event.type }, "an ARI event listener threw");
    }
  }

  /** Drops `client` (if it is still the current one) and schedules a rebuild. */
  private abandon(client: Client, error: AriError): void {
    if (client !== this.client) return;
    this.client = undefined;
    void this.release(client);
    this.scheduleRebuild(error);
  }

  /** Schedules the next connectClient() with the rebuild backoff, unless closed. */
  private scheduleRebuild(error: AriError): void {
    if (this.closed) return;
    this.rebuildAttempt += 1;
    const delayMs = Math.min(
      this.rebuildPolicy.initialDelayMs * 2 ** (this.rebuildAttempt - 1),
      this.rebuildPolicy.maxDelayMs,
    );
    this.setState("down", `${error.message}; rebuilding the ARI client in ${delayMs} ms`);
    if (error.kind === "unauthorized") this.rejectWaiters(error);
    this.rebuildTimer = setTimeout(() => void this.connectClient(), delayMs);
  }

  /**
   * Detaches from a client and closes its WebSocket, resolving when the socket is closed (at most
   * the request timeout). If ari-client had a reconnect timer pending, that timer still opens a
   * socket later (stop() cannot cancel it); the listener left here closes such a socket as soon
   * as it opens.
   */
  private async release(client: Client): Promise<void> {
    const emitter = emitterOf(client);
    emitter.removeAllListeners();
    emitter.on("WebSocketConnected", () => client.stop());
    const socket = socketOf(client);
    if (socket === undefined) return;
    const closed =
      socket.readyState === SOCKET_CLOSED
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.requestTimeoutMs);
            socket.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
          });
    client.stop();
    await closed;
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private setState(state: AriConnectionState, detail: string): void {
    if (this.currentState.state === state && this.currentState.detail === detail) return;
    this.currentState = { state, detail };
    this.logger.info({ state, detail }, "ARI connection state");
    this.emit("state", { state, detail });
  }
}

const CONSUMED_TYPES: ReadonlySet<string> = new Set(ARI_EVENT_TYPES);

/**
 * The parsed JSON of a WebSocket frame (ws 6 hands text frames over as strings, newer ws as
 * Buffers) when it is an event of a consumed type; undefined for anything else, which is left to
 * ari-client.
 */
function consumedEvent(data: unknown): Record<string, unknown> | undefined {
  const text = typeof data === "string" ? data : Buffer.isBuffer(data) ? data.toString("utf8") : undefined;
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const type = (parsed as { type?: unknown }).type;
  return typeof type === "string" && CONSUMED_TYPES.has(type) ? (parsed as Record<string, unknown>) : undefined;
}

/** The `type` of a raw event or frame, for logs; undefined when there is none. */
function eventTypeOf(data: unknown): unknown {
  if (data !== null && typeof data === "object") return (data as { type?: unknown }).type;
  try {
    const parsed: unknown = JSON.parse(String(data));
    return parsed !== null && typeof parsed === "object" ? (parsed as { type?: unknown }).type : undefined;
  } catch {
    return undefined;
  }
}

/** The useful part of a fetch() failure: undici hides the socket error in `cause`. */
function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}
