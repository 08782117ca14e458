/**
 * Serialises the frames the server sends (shapes in `@acc/shared-types`, contract in
 * docs/events.md, "Server frames"). Each returns the JSON text, built once and sent as is.
 */
import type {
  AckFrame,
  ConnectedFrame,
  ErrorCode,
  ErrorFrame,
  EventFrame,
  EventPayloadMap,
  PongFrame,
  ReplayTruncatedFrame,
  ServerEventName,
} from "@acc/shared-types";

/** `{ event, data, id }`: an event with its id in the event log. */
export function eventFrame<E extends ServerEventName>(event: E, data: EventPayloadMap[E], id: string): string {
  return JSON.stringify({ event, data, id } satisfies EventFrame<E>);
}

/** `{ type: "connected", ... }`: the first frame on every connection. */
export function connectedFrame(frame: Omit<ConnectedFrame, "type">): string {
  return JSON.stringify({ type: "connected", ...frame } satisfies ConnectedFrame);
}

/** `{ type: "ack", id, success: true, result? }`: a command succeeded. */
export function ackFrame(id: string, result?: Record<string, unknown>): string {
  const frame: AckFrame = result === undefined ? { type: "ack", id, success: true } : { type: "ack", id, success: true, result };
  return JSON.stringify(frame);
}

/**
 * Longest `error` sentence sent, in UTF-16 code units (500): messages may quote what the client
 * sent (an unknown command's name, a bad value), and a client must not get its own 60 KB back.
 */
export const maxErrorTextLength = 500;

/**
 * `{ type: "error", id?, code, error }`: a command (or frame) was refused; `error` is a sentence,
 * cut to {@link maxErrorTextLength} with "…" when longer.
 */
export function errorFrame(code: ErrorCode, error: string, id?: string): string {
  const text = error.length > maxErrorTextLength ? `${error.slice(0, maxErrorTextLength - 1)}…` : error;
  const frame: ErrorFrame = id === undefined ? { type: "error", code, error: text } : { type: "error", id, code, error: text };
  return JSON.stringify(frame);
}

/** `{ type: "pong", timestamp }`: the answer to a `ping` command; timestamp in Unix ms. */
export function pongFrame(timestamp: number = Date.now()): string {
  return JSON.stringify({ type: "pong", timestamp } satisfies PongFrame);
}

/**
 * `{ type: "replay_truncated", afterId, nextAfterId, hasMore, truncated }`: the replay on connect
 * did not bring every event after `afterId` (shapes and meaning in `@acc/shared-types`).
 */
export function replayTruncatedFrame(frame: Omit<ReplayTruncatedFrame, "type">): string {
  return JSON.stringify({ type: "replay_truncated", ...frame } satisfies ReplayTruncatedFrame);
}
