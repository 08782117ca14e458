/**
 * `acc_ari_event_to_frame_seconds{type}`: from an ARI event's arrival in this process (the
 * connection's `event`) to the end of its handling, when the frames it causes have been written to
 * the screens' sockets (the state transitions, the event log append and the delivery all happen
 * inside). A histogram per ARI event type; one `performance.now()` and one observe per event.
 */
import { Histogram, type Registry } from "prom-client";

/** Buckets (s): 0.5 ms to 2.5 s, where the handling of one event lands on a loaded or a quiet server. */
export const EVENT_LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Registers the histogram; `observe` records one handled event (`startedAt` from `performance.now()`). */
export function eventLatency(registry: Registry): { observe(type: string, startedAt: number): void } {
  const histogram = new Histogram({
    name: "acc_ari_event_to_frame_seconds",
    help: "Seconds from an ARI event's arrival to the end of its handling (frames written to the screens)",
    labelNames: ["type"] as const,
    buckets: EVENT_LATENCY_BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, Histogram.Internal<"type">>();
  return {
    observe(type, startedAt) {
      let child = children.get(type);
      if (!child) children.set(type, (child = histogram.labels(type)));
      child.observe((performance.now() - startedAt) / 1000);
    },
  };
}
