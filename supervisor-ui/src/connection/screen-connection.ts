/**
 * The screen's WebSocket to the server: connects with the token, validates every frame, tracks the
 * newest event id so a reconnect asks for the events it missed, reconnects with backoff, answers
 * each command with its ack or error, and says plainly when the token is refused.
 */
import type { ClientCommand, ServerFrame } from "@acc/shared-types";
import { probeTokenRefusal } from "./auth-probe.js";
import { backoffDelay } from "./backoff.js";
import { intakeFrame } from "./frame-intake.js";

/** A command without its id: the connection numbers commands itself. */
export type CommandWithoutId = ClientCommand extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never;

/** The server's answer to one command, or why none came. */
export type CommandResult = { ok: true; result?: Record<string, unknown> } | { ok: false; code: string; error: string };

/** Where the connection stands, for the indicator. `retryAt` is local Unix ms. */
export type ConnectionStatus =
  | { kind: "connecting"; attempt: number }
  | { kind: "online"; since: number }
  | { kind: "reconnecting"; attempt: number; retryAt: number; reason: string }
  | { kind: "rejected"; message: string };

/** What the connection needs: where to connect, the token, and where frames and status changes go. */
export interface ScreenConnectionOptions {
  /** The WebSocket endpoint, e.g. `ws://127.0.0.1:3000/ws`. */
  wsUrl: string;
  token: string;
  /** Every valid, new frame other than ack/error/pong, with the local time it arrived. */
  onFrame(frame: ServerFrame, receivedAt: number): void;
  onStatus(status: ConnectionStatus): void;
  /** A frame that failed validation; it has already been skipped. */
  onInvalidFrame?(message: string): void;
}

/** How long a command may wait for its answer before the screen gives up on it, in ms. */
const COMMAND_TIMEOUT_MS = 10_000;

/** Close code some deployments use for a refused token (shared/spec/events.md: "4401 or HTTP 401"). */
const UNAUTHORIZED_CLOSE_CODE = 4401;

const notConnected: CommandResult = { ok: false, code: "UNAVAILABLE", error: "Not connected to the server; try again once the indicator shows Online." };

/** One screen's connection. Call `start()` once and `stop()` when the screen goes away. */
export class ScreenConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private lastEventId: string | null = null;
  private counter = 0;
  private stopped = false;
  private handshakeDone = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private pongDue = false;
  private readonly pending = new Map<string, { resolve: (r: CommandResult) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly options: ScreenConnectionOptions) {}

  /** Opens the first connection. */
  start(): void {
    this.open();
  }

  /** Closes for good: no reconnect, pending commands fail. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeatTimer);
    this.socket?.close(1000, "screen closed");
    this.socket = null;
    this.failPending();
  }

  /** Sends a command; resolves with the server's ack or error (never rejects). */
  send(command: CommandWithoutId): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || !this.handshakeDone) return Promise.resolve(notConnected);
    const id = `c${++this.counter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, code: "TIMEOUT", error: "The server did not answer within 10 s." });
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      socket.send(JSON.stringify({ ...command, id }));
    });
  }

  private open(): void {
    this.handshakeDone = false;
    this.options.onStatus({ kind: "connecting", attempt: this.attempt });
    const query = new URLSearchParams({ token: this.options.token });
    if (this.lastEventId !== null) query.set("lastEventId", this.lastEventId);
    const socket = new WebSocket(`${this.options.wsUrl}?${query}`);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(message.data);
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
    const intake = intakeFrame(raw, this.lastEventId);
    this.lastEventId = intake.lastEventId;
    if (intake.kind === "invalid") {
      console.warn(`Skipped an invalid frame from the server: ${intake.message}`);
      this.options.onInvalidFrame?.(intake.message);
      return;
    }
    if (intake.kind === "duplicate") return;
    const frame = intake.frame;
    if ("type" in frame) {
      if (frame.type === "connected") this.onConnected(frame.heartbeatInterval);
      if (frame.type === "pong") this.pongDue = false;
      if (frame.type === "ack" || frame.type === "error") {
        const waiter = frame.id === undefined ? undefined : this.pending.get(frame.id);
        if (waiter && frame.id !== undefined) {
          this.pending.delete(frame.id);
          clearTimeout(waiter.timer);
          waiter.resolve(frame.type === "ack" ? { ok: true, ...(frame.result ? { result: frame.result } : {}) } : { ok: false, code: frame.code, error: frame.error });
        } else if (frame.type === "error") {
          console.warn(`Server error ${frame.code}: ${frame.error}`);
        }
        return;
      }
      if (frame.type === "pong") return;
    }
    this.options.onFrame(frame, receivedAt);
  }

  private onConnected(heartbeatInterval: number): void {
    this.handshakeDone = true;
    this.attempt = 0;
    this.options.onStatus({ kind: "online", since: Date.now() });
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
    }, heartbeatInterval);
  }

  private async afterClose(code: number, reason: string): Promise<void> {
    if (code === UNAUTHORIZED_CLOSE_CODE) {
      this.options.onStatus({ kind: "rejected", message: reason || "The server refused the token." });
      this.stopped = true;
      return;
    }
    if (!this.handshakeDone) {
      const refusal = await probeTokenRefusal(`${this.options.wsUrl.replace(/^ws/, "http")}?${new URLSearchParams({ token: this.options.token })}`);
      if (this.stopped) return;
      if (refusal !== null) {
        this.options.onStatus({ kind: "rejected", message: refusal });
        this.stopped = true;
        return;
      }
    }
    const delay = backoffDelay(this.attempt);
    const attempt = ++this.attempt;
    const why = code === 1013 ? "the server dropped a slow connection" : this.handshakeDone ? "connection lost" : "server unreachable";
    this.options.onStatus({ kind: "reconnecting", attempt, retryAt: Date.now() + delay, reason: why });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private failPending(): void {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.resolve({ ok: false, code: "UNAVAILABLE", error: "The connection closed before the server answered." });
      this.pending.delete(id);
    }
  }
}
