/**
 * The Prometheus registry of one server process (`prom-client`), served at `GET /metrics` in the
 * text exposition format. Every metric of this folder registers here; prom-client's default
 * process metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
 * `nodejs_eventloop_lag_seconds`, ...) are included. Names of this server's own metrics start
 * with `acc_` (Prometheus naming: base units, seconds, `_total` for counters).
 */
import { Registry, collectDefaultMetrics } from "prom-client";

/** A fresh registry with the default process metrics; one per `buildApp`, so tests and servers in one process do not share counts. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
