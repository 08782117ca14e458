import { EventFaults } from "../faults/event-faults.js";
import { asteriskTimestamp } from "./time.js";

/** An ARI event as written to `/ari/events`: `type`, `timestamp`, `asterisk_id`, `application` and the event's fields. */
export type AriEvent = Record<string, unknown> & { type: string; application: string };

/** An event's fields before delivery adds `asterisk_id` and `application`. */
export type EventBody = Record<string, unknown> & { type: string };

/** Receives every event the simulator writes to a WebSocket, with the `process.hrtime.bigint()` (ns) of the write. */
export type EventListener = (event: AriEvent, sentAtNs: bigint) => void;

/** The part of a WebSocket the registry needs (the `ws` package's WebSocket fits). */
export interface EventSocket {
  readonly readyState: number;
  send(data: string): void;
  /** Destroys the TCP connection without a close frame. */
  terminate(): void;
}

const socketOpen = 1;

/** One `/ari/events` connection and the apps it registered. */
export interface AppSession {
  readonly socket: EventSocket;
  readonly apps: Set<string>;
  readonly subscribeAll: boolean;
}

/**
 * The Stasis applications registered by `/ari/events` connections, and the delivery of events to
 * them. An app exists while a connection holds it; a second connection for the same app replaces
 * the first, which gets `ApplicationReplaced` (source: Asterisk res/stasis/app.c).
 */
export class StasisApps {
  private readonly owners = new Map<string, AppSession>();
  private readonly listeners = new Set<EventListener>();
  private sent = 0;
  /** Duplication and reordering of written events (off unless configured). */
  readonly faults = new EventFaults();

  constructor(private readonly asteriskId: string) {}

  /** Registers the apps of a new connection; `subscribeAll` makes them receive every event. */
  register(socket: EventSocket, apps: string[], subscribeAll: boolean): AppSession {
    const session: AppSession = { socket, apps: new Set(apps), subscribeAll };
    for (const app of session.apps) {
      const previous = this.owners.get(app);
      if (previous) {
        previous.apps.delete(app);
        this.write(previous, app, { type: "ApplicationReplaced", timestamp: asteriskTimestamp(new Date()) });
      }
      this.owners.set(app, session);
    }
    return session;
  }

  /**
   * Cuts the connection holding `app` (every connection when absent) as a network failure would:
   * the TCP connection is destroyed without a WebSocket close frame. Returns how many were cut.
   */
  cut(app?: string): number {
    const sessions = new Set(app === undefined ? this.owners.values() : [this.owners.get(app)].filter((s) => s !== undefined));
    for (const session of sessions) {
      this.unregister(session);
      session.socket.terminate();
    }
    return sessions.size;
  }

  /** Removes the apps a closed connection still holds. */
  unregister(session: AppSession): void {
    for (const app of session.apps) {
      if (this.owners.get(app) === session) this.owners.delete(app);
    }
    session.apps.clear();
  }

  /** True when a connection currently holds `app`. */
  isRegistered(app: string): boolean {
    return this.owners.has(app);
  }

  /**
   * Writes an event (its fields without `asterisk_id` and `application`, which are added per
   * receiving app) to each app in `apps` and to every app subscribed to all events.
   */
  deliver(apps: Iterable<string>, body: EventBody): void {
    const targets = new Set(apps);
    for (const [app, session] of this.owners) {
      if (session.subscribeAll) targets.add(app);
    }
    for (const app of targets) {
      const session = this.owners.get(app);
      if (session) this.write(session, app, body);
    }
  }

  /** Adds a listener of every event written; returns a function that removes it. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many events have been written to WebSockets so far. */
  get sentCount(): number {
    return this.sent;
  }

  private write(session: AppSession, app: string, body: EventBody): void {
    if (session.socket.readyState !== socketOpen) return;
    const event: AriEvent = { ...body, asterisk_id: this.asteriskId, application: app };
    this.faults.pass(session, event, (faulty) => this.send(session, faulty));
  }

  private send(session: AppSession, event: AriEvent): void {
    if (session.socket.readyState !== socketOpen) return;
    session.socket.send(JSON.stringify(event));
    this.sent++;
    const sentAtNs = process.hrtime.bigint();
    for (const listener of this.listeners) listener(event, sentAtNs);
  }
}
