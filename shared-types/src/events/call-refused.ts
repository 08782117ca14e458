/** `call_refused` (addition): a customer call that could not be offered to its agent (to supervisors). */
import { z } from "zod";
import { identifier, isoTime } from "../fields.js";

/**
 * Why the call could not be offered: the agent has no spare capacity, is offline, paused or in
 * after-call work (`agent_in_wrap_up`, added), or the dialled extension belongs to no agent.
 */
export const CallRefusedReason = z.enum(["no_capacity", "agent_offline", "agent_paused", "agent_in_wrap_up", "unknown_extension"]);
export type CallRefusedReason = z.infer<typeof CallRefusedReason>;

/** `extension` is the one dialled; `agentId` is absent when that extension is unknown. */
export const callRefusedSchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  extension: identifier,
  agentId: identifier.optional(),
  customerNumber: z.string(),
  callerName: z.string(),
  reason: CallRefusedReason,
  timestamp: isoTime,
});
export type CallRefused = z.infer<typeof callRefusedSchema>;
