/** `system_state`: the full current state a client may see, sent right after it connects. */
import { z } from "zod";
import { AgentStatus } from "../agent-status.js";
import { count, identifier, isoTime, wholeSeconds } from "../fields.js";
import { queueCallSchema } from "./incoming-queue-call.js";

/** Where an active call stands: the agent's leg is ringing, being bridged, or in the bridge. */
export const ActiveCallStatus = z.enum(["ringing", "connecting", "connected"]);
export type ActiveCallStatus = z.infer<typeof ActiveCallStatus>;

/**
 * Seed payload plus the documented additions `queueCalls` (calls waiting in queues; may be empty)
 * and `lastEventId` (id of the newest event already reflected here, `null` when the log is empty),
 * from which a client asks `replay_events` after a reconnect. `extensionStates` is keyed by extension.
 * `activeCalls[].callType` is a free label (the seed shows `"agent_answered"`). Each
 * `extensionStates` entry may add `statusChangedAt` (ISO: since when the agent is in its status),
 * `pauseReason` (with `paused`) and `wrapUpUntil` (ISO, with `wrap_up`), as `agent_status_updated`
 * carries them, so a screen that just connected shows time in status and pause reasons at once.
 * Each `activeCalls` entry may add what `call_incoming` told about the offer, so a screen reloaded
 * while a call rings shows the same card: `callerName`, `queueNumber` (queue calls), `ringTimeout`
 * (s) and `ringDeadline` (ISO) while it rings; this server's `callType` is then one of `CallType`.
 */
export const systemStateSchema = z.object({
  extensionStates: z.record(
    z.string(),
    z.object({
      agentId: identifier,
      status: AgentStatus,
      agentName: z.string(),
      lastUpdate: isoTime,
      statusChangedAt: isoTime.optional(),
      pauseReason: z.string().optional(),
      wrapUpUntil: isoTime.optional(),
    }),
  ),
  availableAgents: z.array(
    z.object({
      agentId: identifier,
      extension: identifier,
      agentName: z.string(),
    }),
  ),
  agentsWithCapacity: z.array(
    z.object({
      agentId: identifier,
      extension: identifier,
      agentName: z.string(),
      currentCalls: count,
      maxCalls: count,
      canTakeCall: z.boolean(),
    }),
  ),
  activeCalls: z.array(
    z.object({
      sessionId: identifier,
      channelId: identifier,
      agentId: identifier,
      extension: identifier,
      customerNumber: z.string(),
      callType: z.string(),
      callIndex: z.int().min(1),
      startTime: isoTime,
      status: ActiveCallStatus,
      callerName: z.string().optional(),
      queueNumber: identifier.optional(),
      ringTimeout: wholeSeconds.optional(),
      ringDeadline: isoTime.optional(),
    }),
  ),
  queueCalls: z.array(queueCallSchema),
  lastEventId: z.union([z.string(), z.null()]),
  timestamp: isoTime,
});
export type SystemState = z.infer<typeof systemStateSchema>;
