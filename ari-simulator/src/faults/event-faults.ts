import type { AriEvent } from "../pbx/stasis-apps.js";

/**
 * Faults applied to the ARI event stream (for chaos tests of an ARI application). Counts are over
 * every event written to any `/ari/events` connection; 0 (the default) turns a fault off.
 * - `duplicateEvery: n`: every n-th event is written twice, the same frame back to back.
 * - `reorderEvery: n`: every n-th event is held back and written right after the next event of the
 *   same connection (a swap), or after {@link reorderHoldMs} if no other event comes.
 * Payloads are never changed: each frame is exactly what Asterisk would have sent.
 */
export interface EventFaultSettings {
  duplicateEvery?: number;
  reorderEvery?: number;
}

/** How many events each fault has touched since the simulator started. */
export interface EventFaultCounts {
  duplicated: number;
  reordered: number;
}

/** The longest a held-back event waits for a successor before it is written anyway (ms). */
export const reorderHoldMs = 50;

interface Held {
  event: AriEvent;
  send: (event: AriEvent) => void;
  timer: NodeJS.Timeout;
}

/** Applies {@link EventFaultSettings} to the events of each connection (keyed by any object). */
export class EventFaults {
  private settings: Required<EventFaultSettings> = { duplicateEvery: 0, reorderEvery: 0 };
  private seen = 0;
  private readonly held = new Map<object, Held>();
  readonly counts: EventFaultCounts = { duplicated: 0, reordered: 0 };

  /** Replaces the settings; throws RangeError for a count that is not a whole number ≥ 0. */
  configure(settings: EventFaultSettings): void {
    const next = { duplicateEvery: settings.duplicateEvery ?? 0, reorderEvery: settings.reorderEvery ?? 0 };
    for (const [name, value] of Object.entries(next)) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
    }
    this.settings = next;
    this.seen = 0;
  }

  /** The current settings. */
  current(): Required<EventFaultSettings> {
    return { ...this.settings };
  }

  /** Writes `event` to `connection` with `send`, applying the faults. */
  pass(connection: object, event: AriEvent, send: (event: AriEvent) => void): void {
    this.seen++;
    const { duplicateEvery, reorderEvery } = this.settings;
    const held = this.held.get(connection);
    if (!held && reorderEvery > 0 && this.seen % reorderEvery === 0) {
      const timer = setTimeout(() => this.release(connection), reorderHoldMs);
      this.held.set(connection, { event, send, timer });
      return;
    }
    send(event);
    if (held) {
      this.release(connection);
      this.counts.reordered++;
    }
    if (duplicateEvery > 0 && this.seen % duplicateEvery === 0) {
      send(event);
      this.counts.duplicated++;
    }
  }

  /** Writes every held event now (the connection is closing, or faults are being turned off). */
  flush(): void {
    for (const connection of [...this.held.keys()]) this.release(connection);
  }

  private release(connection: object): void {
    const held = this.held.get(connection);
    if (!held) return;
    clearTimeout(held.timer);
    this.held.delete(connection);
    held.send(held.event);
  }
}
