/**
 * The first thing done to every frame the server sends: validated with shared-types, and events
 * already seen (by id) dropped, so a replay after a reconnect never applies an event twice.
 */
import { parseServerFrame, type ServerFrame } from "@acc/shared-types";
import { compareEventIds, newerEventId } from "./event-id.js";

/** What became of one raw frame, and the newest event id seen after it. */
export type Intake =
  | { kind: "frame"; frame: ServerFrame; lastEventId: string | null }
  | { kind: "duplicate"; lastEventId: string | null }
  | { kind: "invalid"; message: string; lastEventId: string | null };

/**
 * Parses `raw` and checks its event id against `lastEventId`, the newest event applied.
 * `system_state` is always taken (it is the whole truth, whatever its id) and does not move
 * `lastEventId`: after a reconnect with `?lastEventId=` the server sends it first and then the
 * missed events, whose ids are older than its own. Another event with an id not newer than
 * `lastEventId` is a duplicate. Never throws.
 */
export function intakeFrame(raw: unknown, lastEventId: string | null): Intake {
  const parsed = parseServerFrame(typeof raw === "string" ? raw : String(raw));
  if (!parsed.ok) return { kind: "invalid", message: parsed.error.message, lastEventId };
  const frame = parsed.value;
  if (!("event" in frame)) return { kind: "frame", frame, lastEventId };
  if (frame.event === "system_state") return { kind: "frame", frame, lastEventId };
  if (lastEventId !== null && compareEventIds(frame.id, lastEventId) <= 0) return { kind: "duplicate", lastEventId };
  return { kind: "frame", frame, lastEventId: newerEventId(lastEventId, frame.id) };
}
