/**
 * Commands the screens send (docs/events.md, "Commands"): `{ type, id, ...arguments }`,
 * `type` a snake_case verb_object, `id` chosen by the client and echoed on the ack or error.
 */
import { z } from "zod";
import { AgentStatus } from "./agent-status.js";
import { commandId, identifier } from "./fields.js";
import type { ClientRole } from "./roles.js";

/** Directions a mute applies to; commands default to `"both"` when `direction` is absent. */
export const MuteDirection = z.enum(["in", "out", "both"]);
export type MuteDirection = z.infer<typeof MuteDirection>;

function command<T extends string, A extends z.ZodRawShape>(type: T, args: A) {
  return z.object({ type: z.literal(type), id: commandId, ...args });
}

const sessionArgs = { sessionId: identifier };
const muteArgs = { sessionId: identifier, direction: MuteDirection.optional() };

/**
 * Command type → schema. Arguments: `set_status` `status` available|paused|offline and `reason?`
 * (pause reason code, 1–100 chars); `reject_call` `reason?`; `mute_call`/`unmute_call` `direction?`;
 * `transfer_call` `target` (digits: an extension or a queue number); `assign_queue_call` `agentId`;
 * `set_queue_priority` `priority` (integer, higher is served first); `replay_events` `afterId`
 * (send the events after this event id); the call commands take `sessionId`.
 */
export const commandSchemas = {
  ping: command("ping", {}),
  set_status: command("set_status", {
    status: AgentStatus.extract(["available", "paused", "offline"]),
    reason: z.string().min(1).max(100).optional(),
  }),
  answer_call: command("answer_call", sessionArgs),
  reject_call: command("reject_call", { sessionId: identifier, reason: z.string().min(1).max(100).optional() }),
  hangup_call: command("hangup_call", sessionArgs),
  hold_call: command("hold_call", sessionArgs),
  unhold_call: command("unhold_call", sessionArgs),
  mute_call: command("mute_call", muteArgs),
  unmute_call: command("unmute_call", muteArgs),
  transfer_call: command("transfer_call", {
    sessionId: identifier,
    target: z.string().regex(/^[0-9]+$/, { error: "must contain only digits (an extension or a queue number)" }),
  }),
  assign_queue_call: command("assign_queue_call", { sessionId: identifier, agentId: identifier }),
  set_queue_priority: command("set_queue_priority", { sessionId: identifier, priority: z.int() }),
  hangup_queue_call: command("hangup_queue_call", sessionArgs),
  end_wrap_up: command("end_wrap_up", {}),
  replay_events: command("replay_events", { afterId: identifier }),
} as const;

/** The name of a command, e.g. `"answer_call"`. */
export type ClientCommandType = keyof typeof commandSchemas;

/** Every command name, in the order of `commandSchemas`. */
export const clientCommandTypes = Object.keys(commandSchemas) as ClientCommandType[];

/** Any command, discriminated on `type`. */
export const clientCommandSchema = z.discriminatedUnion("type", Object.values(commandSchemas) as [
  (typeof commandSchemas)[ClientCommandType],
  ...(typeof commandSchemas)[ClientCommandType][],
]);
export type ClientCommand = z.infer<typeof clientCommandSchema>;

/** The command of one type, e.g. `CommandOf<"set_status">`. */
export type CommandOf<T extends ClientCommandType> = Extract<ClientCommand, { type: T }>;

const everyone: readonly ClientRole[] = ["agent", "supervisor", "ops"];

/**
 * Roles allowed to send each command. Agents act on their own calls and status; supervisors
 * manage queue calls (including transferring a waiting call) and may end any call; ops only ping and replay. The server answers any
 * other role with `FORBIDDEN`.
 */
export const commandRoles: { readonly [T in ClientCommandType]: readonly ClientRole[] } = {
  ping: everyone,
  replay_events: everyone,
  set_status: ["agent"],
  answer_call: ["agent"],
  reject_call: ["agent"],
  hangup_call: ["agent", "supervisor"],
  hold_call: ["agent"],
  unhold_call: ["agent"],
  mute_call: ["agent"],
  unmute_call: ["agent"],
  transfer_call: ["agent", "supervisor"],
  end_wrap_up: ["agent"],
  assign_queue_call: ["supervisor"],
  set_queue_priority: ["supervisor"],
  hangup_queue_call: ["supervisor"],
};
