/** Pushes `system_stats` to supervisors and ops every `STATS_INTERVAL_S`. */
import type { Logger } from "pino";
import type { EventPublisher } from "../ws/index.js";
import { collectSystemStats, type StatsSources } from "./system-stats.js";

/** What the stats publisher needs. `intervalMs` is the push interval in ms. */
export interface StatsPublisherOptions {
  intervalMs: number;
  publisher: EventPublisher;
  sources: StatsSources;
  logger: Logger;
  now(): number;
}

/** Publishes `system_stats` once now. Errors (Redis down) are logged, and the next tick tries again. */
export async function publishSystemStats(options: StatsPublisherOptions): Promise<void> {
  try {
    const stats = await collectSystemStats(options.sources, options.now());
    await options.publisher.publish("system_stats", stats, { supervisors: true, ops: true });
  } catch (error) {
    options.logger.warn({ err: error }, "could not publish system_stats; will retry at the next interval");
  }
}

/** Starts the interval; returns a function that stops it. */
export function startStatsPublisher(options: StatsPublisherOptions): () => void {
  const timer = setInterval(() => void publishSystemStats(options), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
