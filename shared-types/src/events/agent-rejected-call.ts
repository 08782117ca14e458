/** `agent_rejected_call`: an offered call was not taken by the agent; the screen hides the notification. */
import { z } from "zod";
import { callOnLineShape, isoTime } from "../fields.js";

/**
 * Why the offer ended: the agent rejected it, the ring timeout passed, the agent's leg reported
 * busy or no answer, or the agent's endpoint could not be reached.
 */
export const RejectReason = z.enum(["rejected", "ring_timeout", "agent_busy", "agent_no_answer", "agent_unreachable"]);
export type RejectReason = z.infer<typeof RejectReason>;

/**
 * Designed event (no seed example). `detail` is a free-text explanation (e.g. the agent's reject
 * reason or the ARI hang-up cause); `returnedToQueue` says whether the customer waits again in a queue.
 */
export const agentRejectedCallSchema = z.object({
  ...callOnLineShape,
  reason: RejectReason,
  detail: z.string().optional(),
  returnedToQueue: z.boolean(),
  rejectedAt: isoTime,
  timestamp: isoTime,
});
export type AgentRejectedCall = z.infer<typeof agentRejectedCallSchema>;
