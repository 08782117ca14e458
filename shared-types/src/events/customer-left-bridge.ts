/** `customer_left_bridge`: the customer hung up, before or after the agent answered; stops the timer. */
import { z } from "zod";
import { identifier, isoTime, wholeSeconds } from "../fields.js";

/** Why the customer left, as the seed lists it. */
export const CustomerLeftReason = z.enum(["customer_disconnected", "network_issue", "timeout"]);
export type CustomerLeftReason = z.infer<typeof CustomerLeftReason>;

/**
 * Seed payload. `autoDecline` is always `true` (docs/events.md). `callDuration` counts from
 * the bridge start, `totalDuration` from the call start, both in seconds; `bridgeId` is present
 * only if the call was bridged. The seed has no `timestamp`: `leftAt` is the event's time.
 */
export const customerLeftBridgeSchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  agentId: identifier,
  extension: identifier,
  customerNumber: z.string(),
  leftAt: isoTime,
  reason: CustomerLeftReason,
  autoDecline: z.literal(true),
  callDuration: wholeSeconds,
  totalDuration: wholeSeconds,
  wasConnected: z.boolean(),
  wasAnswered: z.boolean(),
  callIndex: z.int().min(1),
  bridgeId: identifier.optional(),
});
export type CustomerLeftBridge = z.infer<typeof customerLeftBridgeSchema>;
