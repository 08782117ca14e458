/**
 * `estimatedWaitTime` of a waiting call. The rule, with a worked example in the tests:
 * - free = free slots (maxCalls − calls held) of the queue's members who can take a call now;
 * - serving = the summed maxCalls of the members who are `available` (idle, on calls or in
 *   wrap-up; paused and offline members serve nobody);
 * - AHT = the queue's average handle time over the last hour, or DEFAULT_HANDLE_TIME_S without data.
 * A call at position p ≤ free waits 0 s (a slot is free for it now); otherwise it waits for
 * ceil((p − free) ÷ serving) rounds of calls ahead, each taking one AHT:
 * `ceil((p − free) / max(1, serving)) × AHT`.
 */
import type { AgentRecord } from "../state/index.js";
import { QueueDirectory, type QueueConfig } from "./queue-config.js";

/** Handle time (s) assumed when a queue has no handled call in the last hour. */
export const DEFAULT_HANDLE_TIME_S = 120;

/** What the estimate needs about a queue's members now. */
export interface QueueCapacity {
  /** Free slots of members who can take a call now. */
  freeSlots: number;
  /** Summed maxCalls of members who are available (not paused, not offline). */
  servingSlots: number;
}

/** The capacity of `queue`'s members among `agents`. */
export function queueCapacity(queue: QueueConfig, agents: readonly AgentRecord[]): QueueCapacity {
  let freeSlots = 0;
  let servingSlots = 0;
  for (const agent of agents) {
    if (!QueueDirectory.isMember(queue, agent.agentId) || agent.presence !== "available") continue;
    servingSlots += agent.maxCalls;
    if (agent.capacity.canTakeCall) freeSlots += agent.capacity.max - agent.capacity.current;
  }
  return { freeSlots, servingSlots };
}

/** Estimated wait (whole s) of the call at 1-based `position`, with `avgHandleTimeS` per call. */
export function estimateWaitSeconds(position: number, capacity: QueueCapacity, avgHandleTimeS: number): number {
  if (position <= capacity.freeSlots) return 0;
  return Math.ceil((position - capacity.freeSlots) / Math.max(1, capacity.servingSlots)) * Math.round(avgHandleTimeS);
}
