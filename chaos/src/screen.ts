/**
 * A WebSocket screen of the chaos run: it reconnects by itself with `?lastEventId=` after every
 * drop (a killed server, a bounce the suite asks for), records the id of every event it receives
 * and answers commands' acks. Frames are parsed as JSON only: the suite must see what the server
 * really sends, valid or not.
 */
import WebSocket from "ws";

/** A frame from the server, as far as the suite reads it. */
export interface Frame {
  type?: string;
  event?: string;
  id?: string;
  data?: Record<string, unknown>;
  code?: string;
  success?: boolean;
}

/** The answer to a command: the server's ack or error frame, or what ended the wait. */
export type Reply = Frame | { type: "closed" } | { type: "timeout" };

/** Delay before a dropped screen connects again (ms). */
const reconnectDelayMs = 150;
/** How long a command waits for its ack or error (ms). */
const replyTimeoutMs = 5000;

export interface ScreenOptions {
  wsUrl: string;
  token: string;
  /** Called on every parsed frame. */
  onFrame?: (frame: Frame, screen: Screen) => void;
  /** Called once each connection's `system_state` arrived. */
  onReady?: (screen: Screen) => void;
}

/** One screen; {@link close} ends it for good. */
export class Screen {
  /** Ids of the event frames received (system_state excluded: its id is the log's newest, not an event). */
  readonly ids: string[] = [];
  /** The newest event id received, sent as `lastEventId` on reconnect. */
  lastEventId: string | undefined;
  connections = 0;
  /** Frames that were not JSON. */
  unparsable = 0;
  private socket: WebSocket | undefined;
  private closed = false;
  private counter = 0;
  private readonly pending = new Map<string, (reply: Reply) => void>();
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ScreenOptions) {}

  /** Opens the first connection; resolves once it is open (or failed: the screen keeps retrying). */
  async open(): Promise<void> {
    await new Promise<void>((resolve) => this.connect(resolve));
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a command with a fresh id; resolves with its ack/error frame, `closed` or `timeout`. */
  command(command: Record<string, unknown> & { type: string }): Promise<Reply> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.resolve({ type: "closed" });
    const id = `c-${++this.counter}`;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => finish({ type: "timeout" }), replyTimeoutMs);
      const finish = (reply: Reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(reply);
      };
      this.pending.set(id, finish);
      socket.send(JSON.stringify({ ...command, id }));
    });
  }

  /** Sends raw text or bytes without waiting for anything (malformed-frame fault). */
  sendRaw(data: string | Buffer): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(data);
    return true;
  }

  /** Drops the connection as a network failure would; the screen reconnects with `lastEventId`. */
  bounce(): void {
    this.socket?.terminate();
  }

  /** Stops reading from the TCP socket for `ms` ms (a stalled consumer), then reads again. */
  async stall(ms: number): Promise<void> {
    const tcp = (this.socket as unknown as { _socket?: import("node:net").Socket } | undefined)?._socket;
    tcp?.pause();
    await new Promise((resolve) => setTimeout(resolve, ms));
    tcp?.resume();
  }

  /** Ends the screen: no reconnect. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.terminate();
  }

  private connect(opened?: () => void): void {
    if (this.closed) return opened?.();
    const query = new URLSearchParams({ token: this.options.token });
    if (this.lastEventId) query.set("lastEventId", this.lastEventId);
    const socket = new WebSocket(`${this.options.wsUrl}?${query}`);
    this.socket = socket;
    socket.on("open", () => {
      this.connections++;
      opened?.();
      opened = undefined;
    });
    socket.on("message", (data) => this.receive(String(data)));
    // Refusals (server down) end in `close`, which retries.
    socket.on("error", () => {});
    socket.on("close", () => {
      for (const finish of [...this.pending.values()]) finish({ type: "closed" });
      if (this.socket !== socket) return;
      this.socket = undefined;
      opened?.();
      opened = undefined;
      if (!this.closed) this.reconnectTimer = setTimeout(() => this.connect(), reconnectDelayMs);
    });
  }

  private receive(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      this.unparsable++;
      return;
    }
    if (frame.event !== undefined && typeof frame.id === "string") {
      if (frame.event === "system_state") {
        this.options.onReady?.(this);
      } else {
        this.ids.push(frame.id);
        this.lastEventId = frame.id;
      }
    }
    if ((frame.type === "ack" || frame.type === "error") && typeof frame.id === "string") this.pending.get(frame.id)?.(frame);
    this.options.onFrame?.(frame, this);
  }
}
