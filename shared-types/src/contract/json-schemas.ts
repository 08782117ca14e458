/**
 * JSON Schemas of every frame, generated from the zod schemas with zod 4's `z.toJSONSchema`
 * (JSON Schema draft-07, which AsyncAPI 3 payloads use). The input side of each zod schema is
 * converted, so objects do not forbid extra properties: fields are only ever added to the
 * contract, and a screen that validates with these schemas keeps working when one is.
 */
import { z } from "zod";
import { type ClientCommandType, clientCommandTypes, commandSchemas } from "../commands.js";
import { controlFrameSchemas, eventFrameSchema, type ServerEventName, serverEventNames } from "../frames.js";
import { commandSummaries, controlFrameSummaries, eventSummaries } from "./summaries.js";

/** A JSON Schema document as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** Frame kind: server events, server control frames, client commands. */
export type FrameKind = "events" | "control" | "commands";

/** One frame's JSON Schema, with where it belongs. */
export interface FrameJsonSchema {
  kind: FrameKind;
  /** The event name, control frame `type` or command `type`, e.g. `"call_incoming"`. */
  name: string;
  schema: JsonSchema;
}

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** Converts one zod schema; `title` and `description` go first so the file reads top-down. */
export function toJsonSchema(schema: z.ZodType, title: string, description: string): JsonSchema {
  const { $schema: _dropped, ...body } = z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as JsonSchema;
  return { $schema: DRAFT_07, title, description, ...body };
}

/** Every frame's schema: the 13 event frames, the 4 control frames and the 15 commands, in contract order. */
export function frameJsonSchemas(): FrameJsonSchema[] {
  const events = serverEventNames.map((name: ServerEventName) => ({
    kind: "events" as const,
    name,
    schema: toJsonSchema(eventFrameSchema(name), `${name} event frame`, eventSummaries[name]),
  }));
  const control = (Object.keys(controlFrameSchemas) as (keyof typeof controlFrameSchemas)[]).map((name) => ({
    kind: "control" as const,
    name,
    schema: toJsonSchema(controlFrameSchemas[name], `${name} frame`, controlFrameSummaries[name]),
  }));
  const commands = clientCommandTypes.map((name: ClientCommandType) => ({
    kind: "commands" as const,
    name,
    schema: toJsonSchema(commandSchemas[name], `${name} command`, commandSummaries[name]),
  }));
  return [...events, ...control, ...commands];
}
