/**
 * The client's WebSocket to the server: connects with the token, validates every frame with
 * `@acc/shared-types`, tracks the newest event id so a reconnect asks for the events it missed
 * (`?lastEventId=`, server/src/ws/README.md), reconnects with backoff, answers each command with
 * its ack or a typed error, and says plainly when the token is refused.
 */
import type { ClientCommand, ConnectedFrame, ErrorCode, EventFrame, EventPayloadMap, ServerEventName, ServerFrame } from "@acc/shared-types";
import { probeTokenRefusal } from "./auth-probe.js";
import { backoffDelay, defaultBackoff, type BackoffOptions } from "./backoff.js";
import { intakeFrame } from "./frame-intake.js";
import type { WebSocketConstructor, WebSocketLike } from "./websocket.js";

/** A command without its id: the client numbers commands itself. */
export type CommandWithoutId = ClientCommand extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never;

/**
 * Why a command failed: the server's `error` code, or `TIMEOUT` when no answer came within
 * `commandTimeoutMs` (the command may still have taken effect).
 */
export type CommandErrorCode = ErrorCode | "TIMEOUT";

/** The server's answer to one command (its ack's `result`), or why none came, as a sentence a person can act on. */
export type CommandResult = { ok: true; result?: Record<string, unknown> } | { ok: false; code: CommandErrorCode; error: string };

/** Where the connection stands. `since` and `retryAt` are local Unix ms. */
export type ConnectionStatus =
  | { kind: "connecting"; attempt: number }
  | { kind: "online"; since: number }
  | { kind: "reconnecting"; attempt: number; retryAt: number; reason: string }
  | { kind: "rejected"; message: string }
  | { kind: "closed" };

/** How to reach the server and how to behave. */
export interface AccClientOptions {
  /** The WebSocket endpoint, e.g. `ws://127.0.0.1:3000/ws`. */
  url: string;
  /** A signed screen token (`npm run -s token`); sent as `?token=`. */
  token: string;
  /**
   * The WebSocket implementation: the global one by default (browsers, Node ≥ 22); in Node 20
   * pass `WebSocket` from the `ws` package.
   */
  WebSocket?: WebSocketConstructor;
  /** Resume after this event id: the first connection already asks for the events after it. */
  lastEventId?: string | null;
  /** Reconnect after a lost connection (default true). A refused token never reconnects. */
  reconnect?: boolean;
  /** Reconnect delays (default 0.5 s doubling to 15 s, with jitter). */
  backoff?: BackoffOptions;
  /** How long a command waits for its ack or error, in ms (default 10,000). */
  commandTimeoutMs?: number;
  /** Where skipped frames and unanswered server errors are reported (default `console`). */
  logger?: { warn(message: string): void };
}

type Listener<A extends unknown[]> = (...args: A) => void;

const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** Close code some deployments use for a refused token (docs/events.md, "Connecting"). */
const UNAUTHORIZED_CLOSE_CODE = 4401;

/** `WebSocket.OPEN` (WHATWG WebSockets); the same value in `ws`. */
const OPEN = 1;

const notConnected: CommandResult = { ok: false, code: "UNAVAILABLE", error: "Not connected to the server; try again once the connection is online." };

/**
 * One connection to the server. `connect()` once, `close()` when done. Events arrive through
 * `on(event, handler)` (typed by event name) or `onFrame` (every frame but ack, error and pong);
 * `send` resolves with the ack or a typed error and never rejects.
 */
export class AccClient {
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  /** The newest event applied, and the id of the newest `system_state` (resume from it before any event). */
  private lastId: string | null;
  private stateId: string | null = null;
  private counter = 0;
  private stopped = false;
  private handshakeDone = false;
  private currentStatus: ConnectionStatus = { kind: "connecting", attempt: 0 };
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private pongDue = false;
  private readonly pending = new Map<string, { resolve: (r: CommandResult) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly eventListeners = new Map<ServerEventName, Set<Listener<[unknown, EventFrame, number]>>>();
  private readonly frameListeners = new Set<Listener<[ServerFrame, number]>>();
  private readonly statusListeners = new Set<Listener<[ConnectionStatus]>>();
  private readonly invalidListeners = new Set<Listener<[string]>>();
  private readonly WebSocketImpl: WebSocketConstructor;

  /** Throws when no WebSocket implementation is given and the platform has none (Node 20). */
  constructor(private readonly options: AccClientOptions) {
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new Error("No WebSocket implementation: pass one as the WebSocket option, e.g. `import WebSocket from \"ws\"` in Node 20.");
    this.WebSocketImpl = impl;
    this.lastId = options.lastEventId ?? null;
  }

  /** The newest event id applied so far (`null` before any): give it as `lastEventId` to resume later. */
  get lastEventId(): string | null {
    return this.lastId ?? this.stateId;
  }

  /** Where the connection stands now. */
  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Opens the first connection. */
  connect(): void {
    this.stopped = false;
    this.open();
  }

  /** Closes for good: no reconnect; pending commands resolve with `UNAVAILABLE`. */
  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "client closed");
    this.failPending();
    this.setStatus({ kind: "closed" });
  }

  /** Calls `handler` with each `event` payload, its frame and local receive time (ms); returns the unsubscribe. */
  on<E extends ServerEventName>(event: E, handler: (data: EventPayloadMap[E], frame: EventFrame<E>, receivedAt: number) => void): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Set()));
    const listener = handler as unknown as Listener<[unknown, EventFrame, number]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Every valid, new frame other than ack, error and pong (so `connected` and every event). */
  onFrame(handler: (frame: ServerFrame, receivedAt: number) => void): () => void {
    return subscribe(this.frameListeners, handler);
  }

  /** Every change of `status`. */
  onStatus(handler: (status: ConnectionStatus) => void): () => void {
    return subscribe(this.statusListeners, handler);
  }

  /** A frame that failed validation, with the validator's message; it has already been skipped. */
  onInvalidFrame(handler: (message: string) => void): () => void {
    return subscribe(this.invalidListeners, handler);
  }

  /** Resolves with the next `connected` frame (at once when online). */
  whenOnline(): Promise<void> {
    if (this.currentStatus.kind === "online") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.onStatus((status) => {
        if (status.kind === "online") {
          off();
          resolve();
        } else if (status.kind === "rejected" || status.kind === "closed") {
          off();
          reject(new Error(status.kind === "rejected" ? status.message : "The client was closed."));
        }
      });
    });
  }

  /** Sends a command; resolves with the server's ack or its typed error (never rejects). */
  send(command: CommandWithoutId): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || !this.handshakeDone) return Promise.resolve(notConnected);
    const id = `c${++this.counter}`;
    const timeoutMs = this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, code: "TIMEOUT", error: `The server did not answer within ${timeoutMs / 1000} s.` });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      socket.send(JSON.stringify({ ...command, id }));
    });
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private open(): void {
    this.handshakeDone = false;
    this.setStatus({ kind: "connecting", attempt: this.attempt });
    const query = new URLSearchParams({ token: this.options.token });
    const resumeFrom = this.lastEventId;
    if (resumeFrom !== null) query.set("lastEventId", resumeFrom);
    const socket = new this.WebSocketImpl(`${this.options.url}?${query}`);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(message.data);
    // `ws` throws an 'error' nobody listens to; the close that follows is what counts.
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearInterval(this.heartbeatTimer);
      this.failPending();
      if (!this.stopped) void this.afterClose(event.code, event.reason);
    };
  }

  private receive(raw: unknown): void {
    const receivedAt = Date.now();
    const intake = intakeFrame(raw, this.lastId);
    this.lastId = intake.lastEventId;
    if (intake.kind === "invalid") {
      (this.options.logger ?? console).warn(`Skipped an invalid frame from the server: ${intake.message}`);
      for (const listener of this.invalidListeners) listener(intake.message);
      return;
    }
    if (intake.kind === "duplicate") return;
    const frame = intake.frame;
    if ("type" in frame) {
      if (frame.type === "pong") {
        this.pongDue = false;
        return;
      }
      if (frame.type === "ack" || frame.type === "error") {
        this.settle(frame);
        return;
      }
      // The system_state just received is the current truth; only the missed events themselves are short.
      if (frame.type === "replay_truncated") {
        (this.options.logger ?? console).warn(
          `Not every missed event was replayed (${frame.truncated ? "the server's event log no longer holds some" : "more than the replay limit"}); the state shown is the server's current state`,
        );
      } else this.onConnected(frame);
    }
    for (const listener of this.frameListeners) listener(frame, receivedAt);
    if ("event" in frame) {
      if (frame.event === "system_state") this.stateId = frame.id;
      for (const listener of this.eventListeners.get(frame.event) ?? []) listener(frame.data, frame, receivedAt);
    }
  }

  private settle(frame: Extract<ServerFrame, { type: "ack" | "error" }>): void {
    const waiter = frame.id === undefined ? undefined : this.pending.get(frame.id);
    if (!waiter || frame.id === undefined) {
      if (frame.type === "error") (this.options.logger ?? console).warn(`Server error ${frame.code}: ${frame.error}`);
      return;
    }
    this.pending.delete(frame.id);
    clearTimeout(waiter.timer);
    waiter.resolve(frame.type === "ack" ? { ok: true, ...(frame.result ? { result: frame.result } : {}) } : { ok: false, code: frame.code, error: frame.error });
  }

  private onConnected(frame: ConnectedFrame): void {
    this.handshakeDone = true;
    this.attempt = 0;
    this.setStatus({ kind: "online", since: Date.now() });
    // The server pings too; this catches a link that died silently, which a browser may not notice for minutes.
    this.pongDue = false;
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      if (this.pongDue) {
        socket.close(4000, "no pong");
        return;
      }
      this.pongDue = true;
      socket.send(JSON.stringify({ type: "ping", id: `p${++this.counter}` }));
    }, frame.heartbeatInterval);
  }

  private async afterClose(code: number, reason: string): Promise<void> {
    if (code === UNAUTHORIZED_CLOSE_CODE) return this.reject(reason || "The server refused the token.");
    if (!this.handshakeDone) {
      const refusal = await probeTokenRefusal(`${this.options.url.replace(/^ws/, "http")}?${new URLSearchParams({ token: this.options.token })}`);
      if (this.stopped) return;
      if (refusal !== null) return this.reject(refusal);
    }
    if (this.options.reconnect === false) {
      this.stopped = true;
      this.setStatus({ kind: "closed" });
      return;
    }
    const delay = backoffDelay(this.attempt, this.options.backoff ?? defaultBackoff);
    const attempt = ++this.attempt;
    const why = code === 1013 ? "the server dropped a slow connection" : this.handshakeDone ? "connection lost" : "server unreachable";
    this.setStatus({ kind: "reconnecting", attempt, retryAt: Date.now() + delay, reason: why });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private reject(message: string): void {
    this.stopped = true;
    this.setStatus({ kind: "rejected", message });
  }

  private failPending(): void {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.resolve({ ok: false, code: "UNAVAILABLE", error: "The connection closed before the server answered." });
      this.pending.delete(id);
    }
  }
}

function subscribe<A extends unknown[]>(set: Set<Listener<A>>, listener: Listener<A>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
