/**
 * Frames the server sends to the screens (docs/events.md, "Server frames"): events
 * `{ event, data, id }` and the control frames `connected`, `ack`, `error`, `pong` and
 * `replay_truncated`.
 */
import { z } from "zod";
import { agentRejectedCallSchema } from "./events/agent-rejected-call.js";
import { agentStatusUpdatedSchema } from "./events/agent-status-updated.js";
import { callBridgedSuccessfullySchema } from "./events/call-bridged-successfully.js";
import { callEndedNormallySchema } from "./events/call-ended-normally.js";
import { callIncomingSchema } from "./events/call-incoming.js";
import { callRefusedSchema } from "./events/call-refused.js";
import { callStateChangedSchema } from "./events/call-state-changed.js";
import { customerLeftBridgeSchema } from "./events/customer-left-bridge.js";
import { incomingQueueCallSchema } from "./events/incoming-queue-call.js";
import { queueCallRemovedSchema } from "./events/queue-call-removed.js";
import { queueCallUpdatedSchema } from "./events/queue-call-updated.js";
import { systemStateSchema } from "./events/system-state.js";
import { systemStatsSchema } from "./events/system-stats.js";
import { commandId, identifier, unixMs } from "./fields.js";
import { ClientRole } from "./roles.js";

/** Event name → payload schema, for every event the server emits (canonical names only). */
export const eventSchemas = {
  call_incoming: callIncomingSchema,
  incoming_queue_call: incomingQueueCallSchema,
  call_state_changed: callStateChangedSchema,
  call_bridged_successfully: callBridgedSuccessfullySchema,
  agent_rejected_call: agentRejectedCallSchema,
  customer_left_bridge: customerLeftBridgeSchema,
  call_ended_normally: callEndedNormallySchema,
  agent_status_updated: agentStatusUpdatedSchema,
  system_state: systemStateSchema,
  system_stats: systemStatsSchema,
  queue_call_updated: queueCallUpdatedSchema,
  queue_call_removed: queueCallRemovedSchema,
  call_refused: callRefusedSchema,
} as const;

/** The name of an event the server emits, e.g. `"call_incoming"`. */
export type ServerEventName = keyof typeof eventSchemas;

/** Event name → payload type. */
export type EventPayloadMap = { [E in ServerEventName]: z.infer<(typeof eventSchemas)[E]> };

/** Every event name, in the order of `eventSchemas`. */
export const serverEventNames = Object.keys(eventSchemas) as ServerEventName[];

/** An event id from the server's event log: non-empty, increasing over time. */
export const eventIdSchema = identifier;

/**
 * `{ event, data, id }` for the events named `E`; with no argument, the union of all events,
 * discriminated on `event`, so `frame.data` is typed once `frame.event` is checked.
 */
export type EventFrame<E extends ServerEventName = ServerEventName> = {
  [K in E]: { event: K; data: EventPayloadMap[K]; id: string };
}[E];

/** The schema of the event frame for one event name: `data` checked by that event's payload schema. */
export function eventFrameSchema<E extends ServerEventName>(event: E) {
  return z.object({ event: z.literal(event), data: eventSchemas[event], id: eventIdSchema });
}

/**
 * `{ type: "connected", clientId, role, agentId?, serverTime, heartbeatInterval }`: the first frame
 * on every connection. `agentId` is present for agents; `serverTime` is Unix ms;
 * `heartbeatInterval` is how often, in ms, the server expects a sign of life.
 */
export const connectedFrameSchema = z.object({
  type: z.literal("connected"),
  clientId: identifier,
  role: ClientRole,
  agentId: identifier.optional(),
  serverTime: unixMs,
  heartbeatInterval: z.int().min(1),
});
export type ConnectedFrame = z.infer<typeof connectedFrameSchema>;

/** `{ type: "ack", id, success: true, result? }`: the command with this id succeeded. */
export const ackFrameSchema = z.object({
  type: z.literal("ack"),
  id: commandId,
  success: z.literal(true),
  result: z.record(z.string(), z.unknown()).optional(),
});
export type AckFrame = z.infer<typeof ackFrameSchema>;

/** Error codes of the `error` frame: zod enum and its type under one name. */
export const ErrorCode = z.enum([
  "INVALID_MESSAGE",
  "UNKNOWN_COMMAND",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "UNAUTHORIZED",
  "INVALID_STATE",
  "UNAVAILABLE",
  "INTERNAL_ERROR",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * `{ type: "error", id?, code, error }`: a command or frame was refused and nothing changed.
 * `id` is the command's id when it was known; `error` is a sentence a person can act on.
 */
export const errorFrameSchema = z.object({
  type: z.literal("error"),
  id: commandId.optional(),
  code: ErrorCode,
  error: z.string(),
});
export type ErrorFrame = z.infer<typeof errorFrameSchema>;

/** `{ type: "pong", timestamp }`: the answer to `ping`; `timestamp` is the server's Unix ms. */
export const pongFrameSchema = z.object({
  type: z.literal("pong"),
  timestamp: unixMs,
});
export type PongFrame = z.infer<typeof pongFrameSchema>;

/**
 * `{ type: "replay_truncated", afterId, nextAfterId, hasMore, truncated }`: the replay after a
 * reconnect with `lastEventId` (= `afterId`) did not bring every missed event. Sent after the
 * replayed events, before live ones.
 * - `hasMore`: the replay stopped at its limit (1000 events); send `replay_events` with
 *   `afterId: nextAfterId` for the rest (or rely on the `system_state` just received);
 * - `truncated`: the event log was trimmed past `afterId`, so some events are gone for good; the
 *   `system_state` just received is the current truth.
 * `nextAfterId` is the id of the last replayed event, or `afterId` when none was replayed.
 */
export const replayTruncatedFrameSchema = z.object({
  type: z.literal("replay_truncated"),
  afterId: eventIdSchema,
  nextAfterId: eventIdSchema,
  hasMore: z.boolean(),
  truncated: z.boolean(),
});
export type ReplayTruncatedFrame = z.infer<typeof replayTruncatedFrameSchema>;

/** Control frame type → schema. */
export const controlFrameSchemas = {
  connected: connectedFrameSchema,
  ack: ackFrameSchema,
  error: errorFrameSchema,
  pong: pongFrameSchema,
  replay_truncated: replayTruncatedFrameSchema,
} as const;

/** A frame with a `type`: connected, ack, error, pong or replay_truncated. */
export type ControlFrame = ConnectedFrame | AckFrame | ErrorFrame | PongFrame | ReplayTruncatedFrame;

/** Any frame the server sends. */
export type ServerFrame = EventFrame | ControlFrame;
