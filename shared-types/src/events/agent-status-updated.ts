/** `agent_status_updated`: an agent's status or call count changed. */
import { z } from "zod";
import { AgentStatus } from "../agent-status.js";
import { count, identifier, isoTime } from "../fields.js";

/**
 * Seed payload plus the documented additions `pauseReason?` (the reason code given with
 * `set_status` paused) and `wrapUpUntil?` (ISO 8601: when the after-call work of status `wrap_up`
 * ends, for a countdown). `capacity.canTakeCall` is true while calls, ringing included, are below
 * `capacity.max` and the agent is neither offline nor paused.
 */
export const agentStatusUpdatedSchema = z.object({
  agentId: identifier,
  extension: identifier,
  agentName: z.string(),
  status: AgentStatus,
  previousStatus: AgentStatus,
  activeCalls: z.array(
    z.object({
      channelId: identifier,
      sessionId: identifier,
      startTime: isoTime,
      customerNumber: z.string(),
    }),
  ),
  callCount: count,
  statusChangedAt: isoTime,
  lastUpdate: isoTime,
  capacity: z.object({
    current: count,
    max: count,
    canTakeCall: z.boolean(),
  }),
  pauseReason: z.string().optional(),
  wrapUpUntil: isoTime.optional(),
});
export type AgentStatusUpdated = z.infer<typeof agentStatusUpdatedSchema>;
