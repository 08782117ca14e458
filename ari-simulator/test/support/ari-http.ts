import WebSocket from "ws";

/** A raw ARI event as received on `/ari/events`. */
export type ReceivedEvent = Record<string, unknown> & { type: string };

/** An HTTP answer: status and parsed JSON body ("" when empty). */
export interface HttpAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Sends a request to the simulator with ARI credentials (asterisk:asterisk unless given). */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { json?: unknown; credentials?: string } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(options.credentials ?? "asterisk:asterisk").toString("base64")}`,
  };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? "" : (JSON.parse(text) as unknown), headers: response.headers };
}

/**
 * A raw `/ari/events` connection that records every event, in arrival order, for assertions.
 * `close()` must be called.
 */
export class EventStream {
  readonly events: ReceivedEvent[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private readonly listeners: ((event: ReceivedEvent) => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const event = JSON.parse(String(data)) as ReceivedEvent;
      this.events.push(event);
      for (const listener of this.listeners) listener(event);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.check()) return true;
        waiter.resolve();
        return false;
      });
    });
  }

  /** Opens `/ari/events?app=<apps>` with `api_key` credentials. */
  static async open(baseUrl: string, apps: string, extraQuery = ""): Promise<EventStream> {
    const url = `${baseUrl.replace(/^http/, "ws")}/ari/events?app=${encodeURIComponent(apps)}&api_key=asterisk:asterisk${extraQuery}`;
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new EventStream(socket);
  }

  /** Calls `listener` with every event received from now on. */
  onEvent(listener: (event: ReceivedEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once `check()` holds (re-evaluated on each event); rejects after `timeoutMs`. */
  async until(check: () => boolean, description: string, timeoutMs = 5000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`timed out waiting for ${description}; received ${this.events.map((event) => event.type).join(", ")}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ check, resolve: done });
    });
  }

  /** Waits for the first event (from now on or already received) matching `predicate`. */
  async next(predicate: (event: ReceivedEvent) => boolean, description: string): Promise<ReceivedEvent> {
    await this.until(() => this.events.some(predicate), description);
    return this.events.find(predicate)!;
  }

  /** Resolves with the close code once the connection has closed (1006: no close frame, RFC 6455 §7.1.5). */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
    return new Promise((resolve) => this.socket.once("close", (code) => resolve(code)));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
