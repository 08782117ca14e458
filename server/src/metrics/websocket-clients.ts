/**
 * `acc_websocket_clients{role}`: WebSocket screens connected to this process, by role (`agent`,
 * `supervisor`, `ops`). Read from the client hub when scraped; nothing is counted per connection.
 */
import { Gauge, type Registry } from "prom-client";
import type { ClientRole } from "@acc/shared-types";

/** Registers the gauge over `counts` (the hub's clients per role). */
export function websocketClients(registry: Registry, counts: () => Record<ClientRole, number>): void {
  new Gauge({
    name: "acc_websocket_clients",
    help: "WebSocket screens connected to this process, by role",
    labelNames: ["role"] as const,
    registers: [registry],
    collect() {
      for (const [role, count] of Object.entries(counts())) this.labels(role).set(count);
    },
  });
}
