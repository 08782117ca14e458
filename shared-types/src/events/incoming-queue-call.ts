/** `incoming_queue_call`: a customer call waits in a queue for assignment (to supervisors). */
import { z } from "zod";
import { count, identifier, isoTime, wholeSeconds } from "../fields.js";

/**
 * A call waiting in a queue: the `incoming_queue_call` payload without `availableAgents` and
 * `actions`; also the item of `system_state.queueCalls`.
 */
export const queueCallSchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  customerNumber: z.string(),
  callerName: z.string(),
  queuePosition: z.int().min(1),
  estimatedWaitTime: wholeSeconds,
  queueNumber: identifier,
  timestamp: isoTime,
});
export type QueueCall = z.infer<typeof queueCallSchema>;

const assignableAgentSchema = z.object({
  agentId: identifier,
  extension: identifier,
  agentName: z.string(),
  currentCalls: count,
  maxCalls: count,
});

/** Seed payload: the queue call, the agents it can be assigned to, and the actions allowed on it. */
export const incomingQueueCallSchema = queueCallSchema.extend({
  availableAgents: z.array(assignableAgentSchema),
  actions: z.object({
    assignToAgent: z.boolean(),
    setPriority: z.boolean(),
    transfer: z.boolean(),
    hangup: z.boolean(),
  }),
});
export type IncomingQueueCall = z.infer<typeof incomingQueueCallSchema>;
