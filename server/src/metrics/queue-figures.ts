/**
 * Per-queue gauges, mirrored from the `system_stats` this process pushes (so no extra Redis read:
 * they are at most `STATS_INTERVAL_S` old, or a second after a change):
 *
 * - `acc_queue_waiting_calls{queue}`: calls waiting in the queue;
 * - `acc_queue_longest_wait_seconds{queue}`: how long the oldest waiting call has waited;
 * - `acc_queue_service_level_ratio{queue}`: the share (0..1) of the last hour's answered calls that
 *   waited at most the queue's `serviceLevelS` (system_stats' `serviceLevel` ÷ 100).
 *
 * A queue that leaves `system_stats` leaves the gauges too.
 */
import { Gauge, type Registry } from "prom-client";
import type { EventPayloadMap } from "@acc/shared-types";

/** Registers the gauges; `update` sets them from one `system_stats` payload. */
export function queueFigures(registry: Registry): { update(stats: EventPayloadMap["system_stats"]): void } {
  const labelNames = ["queue"] as const;
  const waiting = new Gauge({ name: "acc_queue_waiting_calls", help: "Calls waiting in the queue, as of this process's last system_stats", labelNames, registers: [registry] });
  const longestWait = new Gauge({
    name: "acc_queue_longest_wait_seconds",
    help: "Seconds the oldest waiting call of the queue has waited, as of this process's last system_stats",
    labelNames,
    registers: [registry],
  });
  const serviceLevel = new Gauge({
    name: "acc_queue_service_level_ratio",
    help: "Share (0..1) of the last hour's answered calls of the queue that waited at most its serviceLevelS",
    labelNames,
    registers: [registry],
  });
  return {
    update(stats) {
      const queues = stats.queues ?? {};
      for (const gauge of [waiting, longestWait, serviceLevel]) gauge.reset();
      for (const [queue, figures] of Object.entries(queues)) {
        waiting.labels(queue).set(figures.waiting);
        longestWait.labels(queue).set(figures.longestWait);
        serviceLevel.labels(queue).set(figures.serviceLevel / 100);
      }
    },
  };
}
