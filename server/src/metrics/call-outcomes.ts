/**
 * `acc_call_outcomes_total{outcome}`: calls and offers by outcome, counted from the events this
 * process publishes (each event is published by exactly one process, so the sum over processes
 * is the cluster's count):
 *
 * | outcome | event |
 * |---|---|
 * | `answered` | `call_bridged_successfully`: customer and agent bridged |
 * | `refused` | `call_refused`: busy, unknown extension, agent offline or paused |
 * | `missed` | `agent_rejected_call`: an offer rejected, rung out or whose agent leg failed (the call may be answered later by another agent) |
 * | `abandoned` | `customer_left_bridge` before the bridge, or `queue_call_removed` `abandoned`: the customer hung up first |
 * | `completed` | `customer_left_bridge` after the bridge, or `call_ended_normally` without `transferredTo` |
 * | `transferred` | `call_ended_normally` with `transferredTo`: the first agent's part of a transfer |
 * | `overflow` | `queue_call_removed` `overflow`: the call waited `maxWaitS` |
 */
import { Counter, type Registry } from "prom-client";
import type { EventPayloadMap, ServerEventName } from "@acc/shared-types";

/** The outcomes counted (see the module comment). */
export const CALL_OUTCOMES = ["answered", "refused", "missed", "abandoned", "completed", "transferred", "overflow"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The outcome an event stands for, or null for events that are none. */
export function outcomeOf<E extends ServerEventName>(event: E, data: EventPayloadMap[E]): CallOutcome | null {
  switch (event) {
    case "call_bridged_successfully":
      return "answered";
    case "call_refused":
      return "refused";
    case "agent_rejected_call":
      return "missed";
    case "customer_left_bridge":
      return (data as EventPayloadMap["customer_left_bridge"]).wasConnected ? "completed" : "abandoned";
    case "call_ended_normally":
      return (data as EventPayloadMap["call_ended_normally"]).transferredTo === undefined ? "completed" : "transferred";
    case "queue_call_removed": {
      const { reason } = data as EventPayloadMap["queue_call_removed"];
      return reason === "abandoned" ? "abandoned" : reason === "overflow" ? "overflow" : null;
    }
    default:
      return null;
  }
}

/** Registers the counter; `observe` counts one published event (a switch and an increment). */
export function callOutcomes(registry: Registry): { observe<E extends ServerEventName>(event: E, data: EventPayloadMap[E]): void } {
  const counter = new Counter({
    name: "acc_call_outcomes_total",
    help: "Calls and offers by outcome, from the events this process published (see README, Metrics)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  // Children resolved once (the hot path does no label lookup), and each outcome scraped from 0.
  const children = new Map(CALL_OUTCOMES.map((outcome) => [outcome, counter.labels(outcome)]));
  for (const child of children.values()) child.inc(0);
  return {
    observe(event, data) {
      const outcome = outcomeOf(event, data);
      if (outcome !== null) children.get(outcome)!.inc();
    },
  };
}
