/**
 * `acc_ari_request_duration_seconds{operation, result}`: round trip of each ARI REST request the
 * call flow makes (answer, ring, originate, bridge, hang-up, ...), by operation (the method name,
 * e.g. `answerChannel`) and `result` `ok` or `error`. The operations object is wrapped, so the ARI
 * module needs no hook; cost per request: one `performance.now()` and one observe.
 */
import { Histogram, type Registry } from "prom-client";

/** Buckets (s): 1 ms to 5 s (a request times out before). */
export const ARI_LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Registers the histogram and returns `operations` with every method call timed. */
export function timeAriRequests<T extends object>(registry: Registry, operations: T): T {
  const histogram = new Histogram({
    name: "acc_ari_request_duration_seconds",
    help: "Seconds from sending an ARI REST request to its answer, by operation and result",
    labelNames: ["operation", "result"] as const,
    buckets: ARI_LATENCY_BUCKETS,
    registers: [registry],
  });
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(operations, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function" || typeof property !== "string") return value;
      let timed = wrapped.get(property);
      if (!timed) {
        const ok = histogram.labels(property, "ok");
        const failed = histogram.labels(property, "error");
        timed = (...args: unknown[]) => {
          const startedAt = performance.now();
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (result instanceof Promise) {
            result.then(
              () => ok.observe((performance.now() - startedAt) / 1000),
              () => failed.observe((performance.now() - startedAt) / 1000),
            );
          }
          return result;
        };
        wrapped.set(property, timed);
      }
      return timed;
    },
  });
}
