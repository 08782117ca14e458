/**
 * Pushes `system_stats` to supervisors and ops every `STATS_INTERVAL_S`, and soon after the figures
 * change: the call flow calls `notifyChange()`, and a change push follows at most once per
 * `minChangeIntervalMs` (1 s by default) — the first change pushes at once, the changes during the
 * following interval are folded into one push at its end. A change push whose figures (apart from
 * the timestamp, uptime, memory use and the agents' time logged in and occupancy, which move on
 * their own) equal the last pushed ones is skipped. Every push is also kept as a chart sample in
 * `history` when given (`stats-history.ts`). Pushes run one after the other, so they are published in the order they were collected.
 */
import { isDeepStrictEqual } from "node:util";
import type { Logger } from "pino";
import type { EventPayloadMap } from "@acc/shared-types";
import type { EventPublisher } from "../ws/index.js";
import type { StatsHistoryStore } from "./stats-history.js";
import { collectSystemStats, type StatsSources } from "./system-stats.js";

type SystemStats = EventPayloadMap["system_stats"];

/** Default shortest time between two change-triggered pushes (ms). */
export const DEFAULT_MIN_CHANGE_INTERVAL_MS = 1000;

/** What the stats publisher needs. `intervalMs` is the push interval in ms. */
export interface StatsPublisherOptions {
  intervalMs: number;
  /** Shortest time between two change-triggered pushes (ms); default 1000. */
  minChangeIntervalMs?: number;
  publisher: EventPublisher;
  sources: StatsSources;
  logger: Logger;
  now(): number;
  /** Where each push is kept as a chart sample (the dashboard's history over reloads). */
  history?: StatsHistoryStore;
}

/** A running stats publisher. */
export interface StatsPublisherHandle {
  /** Stops the interval and any change push not yet started. */
  stop(): void;
  /** Tells the publisher that figures may have changed; a push follows within `minChangeIntervalMs`. */
  notifyChange(): void;
  /**
   * Resolves once the pushes asked for so far have been made or skipped (a change push still
   * waiting for its interval included), so a shutdown can let them finish before closing Redis.
   */
  idle(): Promise<void>;
}

/**
 * Collects the figures and publishes them unless they equal `last` (by {@link comparable}); pass
 * `undefined` to publish whatever they are. Errors (Redis down) are logged, and the next push tries again.
 * @returns the figures published, or `undefined` when nothing was published.
 */
async function publishIfChanged(options: StatsPublisherOptions, last: SystemStats | undefined): Promise<SystemStats | undefined> {
  try {
    const stats = await collectSystemStats(options.sources, options.now());
    if (last && isDeepStrictEqual(comparable(stats), comparable(last))) return undefined;
    await options.publisher.publish("system_stats", stats, { supervisors: true, ops: true });
    await options.history?.record(stats).catch((error) => options.logger.warn({ err: error }, "could not keep a chart sample of system_stats"));
    return stats;
  } catch (error) {
    options.logger.warn({ err: error }, "could not publish system_stats; will retry at the next interval");
    return undefined;
  }
}

/** The figures with the fields that change on every collection blanked out. */
function comparable(stats: SystemStats): SystemStats {
  return {
    ...stats,
    timestamp: "",
    systemHealth: { ...stats.systemHealth, uptime: 0, memoryUsage: { used: 0, total: 0, percentage: 0 } },
    ...(stats.agents
      ? { agents: Object.fromEntries(Object.entries(stats.agents).map(([id, a]) => [id, { ...a, loggedInTime: 0, occupancy: 0 }])) }
      : {}),
  };
}

/** Starts the interval and the change throttle; see the module comment. */
export function startStatsPublisher(options: StatsPublisherOptions): StatsPublisherHandle {
  const minChangeIntervalMs = options.minChangeIntervalMs ?? DEFAULT_MIN_CHANGE_INTERVAL_MS;
  let stopped = false;
  let lastPublished: SystemStats | undefined;
  let chain: Promise<void> = Promise.resolve();
  // Set while a change push happened less than minChangeIntervalMs ago.
  let cooldown: NodeJS.Timeout | undefined;
  // A change arrived during the cooldown: one push is owed when it ends; resolved once made.
  let owed: { done: Promise<void>; resolve: () => void } | undefined;

  const enqueue = (onlyIfChanged: boolean): Promise<void> => {
    chain = chain.then(async () => {
      if (stopped) return;
      const published = await publishIfChanged(options, onlyIfChanged ? lastPublished : undefined);
      if (published) lastPublished = published;
    });
    return chain;
  };

  const pushChange = (): Promise<void> => {
    cooldown = setTimeout(endCooldown, minChangeIntervalMs);
    cooldown.unref();
    return enqueue(true);
  };

  function endCooldown(): void {
    cooldown = undefined;
    if (!owed) return;
    const { resolve } = owed;
    owed = undefined;
    void pushChange().then(resolve);
  }

  const interval = setInterval(() => void enqueue(false), options.intervalMs);
  interval.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(interval);
      clearTimeout(cooldown);
      cooldown = undefined;
      owed?.resolve();
      owed = undefined;
    },
    notifyChange() {
      if (stopped) return;
      if (!cooldown) {
        void pushChange();
        return;
      }
      if (!owed) {
        let resolve!: () => void;
        const done = new Promise<void>((r) => (resolve = r));
        owed = { done, resolve };
      }
    },
    async idle() {
      await owed?.done;
      await chain;
    },
  };
}
