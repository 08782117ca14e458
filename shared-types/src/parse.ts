/**
 * Checks frames at the edge: the server parses what screens send with `parseClientFrame`, a
 * screen parses what the server sends with `parseServerFrame`. Neither throws; a refused frame
 * comes back with an error code and a sentence a person can act on.
 */
import type { z } from "zod";
import { type ClientCommand, type ClientCommandType, clientCommandTypes, commandSchemas } from "./commands.js";
import { commandId } from "./fields.js";
import { MAX_CLIENT_FRAME_BYTES, utf8ByteLength } from "./frame-size.js";
import {
  type ControlFrame,
  controlFrameSchemas,
  type EventFrame,
  eventFrameSchema,
  eventSchemas,
  type ServerEventName,
  type ServerFrame,
  serverEventNames,
} from "./frames.js";
import { describeIssue, quote } from "./issue-message.js";

/** Why a frame was refused; `id` is the command's id when the frame carried a valid one. */
export interface FrameError {
  code: "INVALID_MESSAGE" | "UNKNOWN_COMMAND";
  message: string;
  id?: string;
}

/** The outcome of parsing a frame: the typed value, or why it was refused. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: FrameError };

/** At most this many problems are spelled out in one message; the rest are counted. */
const MAX_PROBLEMS_LISTED = 3;

/**
 * Parses a command from a screen: `raw` is the text of a WebSocket frame, or an already-parsed
 * JSON value. Text over 64 KiB (UTF-8 bytes) is refused before JSON.parse. Errors:
 * `UNKNOWN_COMMAND` for a `type` that names no command, `INVALID_MESSAGE` for anything else
 * (bad JSON, not an object, missing or mistyped `type`, `id` or arguments). Never throws.
 */
export function parseClientFrame(raw: string | unknown): ParseResult<ClientCommand> {
  // Cheap bound first: a string is never fewer UTF-8 bytes than code units.
  if (typeof raw === "string" && raw.length * 3 > MAX_CLIENT_FRAME_BYTES) {
    const bytes = utf8ByteLength(raw);
    if (bytes > MAX_CLIENT_FRAME_BYTES) return invalid(`Frame is ${bytes} bytes; the limit is ${MAX_CLIENT_FRAME_BYTES} bytes (64 KiB)`);
  }
  const decoded = decode(raw);
  if (!decoded.ok) return decoded;
  const frame = decoded.value;
  const id = commandIdOf(frame);
  const type = frame["type"];
  if (type === undefined) {
    return invalid(`Frame is missing "type" (string): the command, one of ${clientCommandTypes.join(", ")}`, id);
  }
  if (typeof type !== "string") return invalid(`Field "type" must be a string naming a command; got ${typeof type}`, id);
  if (!isCommandType(type)) {
    return fail("UNKNOWN_COMMAND", `Unknown command ${quote(type)}; known commands: ${clientCommandTypes.join(", ")}`, id);
  }
  const result = commandSchemas[type].safeParse(frame);
  if (result.success) return { ok: true, value: result.data };
  return invalid(
    problemsSentence(result.error.issues, frame, (problem) =>
      problem.missing
        ? `Command "${type}" is missing "${problem.path}" (${problem.expected})`
        : `Field "${problem.path}" of "${type}" ${problem.problem}`,
    ),
    id,
  );
}

/**
 * Parses a frame from the server: `raw` is the text of a WebSocket frame, or an already-parsed
 * JSON value. An event frame (`event` present) is checked against its event's payload schema; a
 * control frame (`type` present) against connected, ack, error or pong. Every error is
 * `INVALID_MESSAGE`. No size limit: `system_state` grows with the number of agents. Never throws.
 */
export function parseServerFrame(raw: string | unknown): ParseResult<ServerFrame> {
  const decoded = decode(raw);
  if (!decoded.ok) return decoded;
  const frame = decoded.value;
  const id = typeof frame["id"] === "string" ? frame["id"] : undefined;
  if ("event" in frame) return parseEventFrame(frame, id);
  const type = frame["type"];
  if (type === undefined) return invalid(`Frame has neither "event" nor "type"`, id);
  if (typeof type !== "string" || !isControlType(type)) {
    return invalid(`Unknown frame type ${shownName(type)}; known types: ${Object.keys(controlFrameSchemas).join(", ")}`, id);
  }
  const result = controlFrameSchemas[type].safeParse(frame);
  if (result.success) return { ok: true, value: result.data satisfies ControlFrame };
  return invalid(
    problemsSentence(result.error.issues, frame, (problem) =>
      problem.missing
        ? `Frame "${type}" is missing "${problem.path}" (${problem.expected})`
        : `Frame "${type}" field "${problem.path}" ${problem.problem}`,
    ),
    id,
  );
}

function parseEventFrame(frame: Record<string, unknown>, id: string | undefined): ParseResult<ServerFrame> {
  const event = frame["event"];
  if (typeof event !== "string" || !isEventName(event)) {
    return invalid(`Unknown event ${shownName(event)}; known events: ${serverEventNames.join(", ")}`, id);
  }
  const result = eventFrameSchema(event).safeParse(frame);
  // The schema for this event name checked `data`, so the pairing of `event` and `data` holds.
  if (result.success) return { ok: true, value: result.data as EventFrame };
  return invalid(
    problemsSentence(result.error.issues, frame, (problem) => {
      const inData = problem.path.startsWith("data.") || problem.path.startsWith("data[");
      if (!inData) {
        return problem.missing
          ? `Event frame "${event}" is missing "${problem.path}" (${problem.expected})`
          : `Event frame "${event}" field "${problem.path}" ${problem.problem}`;
      }
      const field = problem.path.slice("data.".length);
      return problem.missing
        ? `Event "${event}" is missing "${field}" (${problem.expected})`
        : `Event "${event}" field "${field}" ${problem.problem}`;
    }),
    id,
  );
}

type Decoded = { ok: true; value: Record<string, unknown> } | { ok: false; error: FrameError };

function decode(raw: unknown): Decoded {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return invalid(`Frame is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return invalid(`Frame must be a JSON object; got ${kind}`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function problemsSentence(
  issues: readonly z.core.$ZodIssue[],
  frame: Record<string, unknown>,
  sentence: (problem: ReturnType<typeof describeIssue>) => string,
): string {
  const listed = issues.slice(0, MAX_PROBLEMS_LISTED).map((issue) => sentence(describeIssue(issue, frame)));
  const rest = issues.length - listed.length;
  return rest > 0 ? `${listed.join("; ")}; and ${rest} more problem${rest === 1 ? "" : "s"}` : listed.join("; ");
}

function commandIdOf(frame: Record<string, unknown>): string | undefined {
  const id = frame["id"];
  return commandId.safeParse(id).success ? (id as string) : undefined;
}

function isCommandType(type: string): type is ClientCommandType {
  return Object.prototype.hasOwnProperty.call(commandSchemas, type);
}

function isEventName(name: string): name is ServerEventName {
  return Object.prototype.hasOwnProperty.call(eventSchemas, name);
}

function isControlType(type: string): type is keyof typeof controlFrameSchemas {
  return Object.prototype.hasOwnProperty.call(controlFrameSchemas, type);
}

function shownName(value: unknown): string {
  return typeof value === "string" ? quote(value) : `of type ${value === null ? "null" : typeof value}`;
}

function invalid(message: string, id?: string): { ok: false; error: FrameError } {
  return fail("INVALID_MESSAGE", message, id);
}

function fail(code: FrameError["code"], message: string, id?: string): { ok: false; error: FrameError } {
  return { ok: false, error: id === undefined ? { code, message } : { code, message, id } };
}
