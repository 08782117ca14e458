/**
 * The server's metrics (one file per idea in this folder), put together for `buildApp`: the
 * registry and the hooks the wiring calls. Every metric is listed in README, Metrics.
 */
import type { Registry } from "prom-client";
import type { EventPayloadMap, ServerEventName } from "@acc/shared-types";
import { callOutcomes } from "./call-outcomes.js";
import { eventLatency } from "./event-latency.js";
import { queueFigures } from "./queue-figures.js";
import { createMetricsRegistry } from "./registry.js";

export { timeAriRequests } from "./ari-latency.js";
export { countReconnects, type ReconnectSources } from "./reconnects.js";
export { timeRedisCommands } from "./redis-latency.js";
export { websocketClients } from "./websocket-clients.js";

/** The registry and the hooks of the metrics fed by events. */
export interface ServerMetrics {
  registry: Registry;
  /** Called for every event this process publishes: call outcomes, and the queue gauges from `system_stats`. */
  observeEvent<E extends ServerEventName>(event: E, data: EventPayloadMap[E]): void;
  /** Called when an ARI event's handling ended; `startedAt` is `performance.now()` at its arrival. */
  observeAriEvent(type: string, startedAt: number): void;
}

/** Creates the registry and the event-fed metrics. */
export function createServerMetrics(): ServerMetrics {
  const registry = createMetricsRegistry();
  const outcomes = callOutcomes(registry);
  const queues = queueFigures(registry);
  const latency = eventLatency(registry);
  return {
    registry,
    observeEvent(event, data) {
      if (event === "system_stats") queues.update(data as EventPayloadMap["system_stats"]);
      else outcomes.observe(event, data);
    },
    observeAriEvent: latency.observe,
  };
}
