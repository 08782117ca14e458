/** `queue_call_removed` (addition): a call left its queue; supervisors drop it from the waiting list. */
import { z } from "zod";
import { identifier, isoTime, wholeSeconds } from "../fields.js";

/**
 * Why the call left the queue: assigned to an agent, abandoned by the customer while waiting,
 * hung up by a supervisor, transferred, sent on by overflow, or answered elsewhere.
 */
export const QueueCallRemovedReason = z.enum([
  "assigned",
  "abandoned",
  "hung_up",
  "transferred",
  "overflow",
  "answered_elsewhere",
]);
export type QueueCallRemovedReason = z.infer<typeof QueueCallRemovedReason>;

/** `waitedSeconds`: whole seconds the call spent in the queue. */
export const queueCallRemovedSchema = z.object({
  sessionId: identifier,
  queueNumber: identifier,
  reason: QueueCallRemovedReason,
  waitedSeconds: wholeSeconds,
  timestamp: isoTime,
});
export type QueueCallRemoved = z.infer<typeof queueCallRemovedSchema>;
