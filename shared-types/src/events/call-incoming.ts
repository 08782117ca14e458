/** `call_incoming`: a customer call is offered to an agent; the agent's call is ringing. */
import { z } from "zod";
import { count, identifier, isoTime, wholeSeconds } from "../fields.js";

/** How the call reached the agent: dialled directly, routed from a queue, or transferred by another agent. */
export const CallType = z.enum(["direct", "queue", "transfer"]);
export type CallType = z.infer<typeof CallType>;

/** A call's priority label as the screens show it. */
export const CallPriority = z.enum(["normal", "high", "low"]);
export type CallPriority = z.infer<typeof CallPriority>;

/**
 * Seed fields plus the documented additions `callType?`, `queueNumber?` (present for queue calls),
 * `transferredBy?` (the agent id that transferred the call, for `callType: "transfer"`),
 * `ringTimeout` (s) and `ringDeadline` (ISO), which let a screen count the ring timeout down.
 * `callerName` is `"Unknown Caller"` when the network gives none.
 */
export const callIncomingSchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  agentId: identifier,
  extension: identifier,
  agentName: z.string(),
  customerNumber: z.string(),
  callerName: z.string(),
  callIndex: z.int().min(1),
  maxCalls: count,
  callDirection: z.literal("inbound"),
  priority: CallPriority,
  timestamp: isoTime,
  canAnswer: z.boolean(),
  canReject: z.boolean(),
  canTransfer: z.boolean(),
  callType: CallType.optional(),
  queueNumber: identifier.optional(),
  transferredBy: identifier.optional(),
  ringTimeout: wholeSeconds,
  ringDeadline: isoTime,
});
export type CallIncoming = z.infer<typeof callIncomingSchema>;
