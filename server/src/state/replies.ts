/**
 * Turns the scripts' JSON replies and the stored hashes (all values strings, "" for absent) into
 * typed records.
 */
import { canTakeCall } from "./status.js";
import type {
  AgentRecord,
  AgentStatus,
  HeldCall,
  HeldCallState,
  MuteState,
  Presence,
  SessionKind,
  SessionRecord,
  SessionState,
  StatusChange,
  TransitionError,
  TransitionErrorCode,
} from "./types.js";

/**
 * A script reply as parsed JSON: `{ ok: true, ... }`, a refusal `{ ok: false, code, message }`,
 * or STALE_KEYS (see `fresh-keys.ts`).
 */
export type ScriptReply =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; code: TransitionErrorCode; message: string }
  | { ok: false; code: "STALE_KEYS"; message: string };

/** Parses a script's JSON reply. */
export function parseReply(reply: string): ScriptReply {
  return JSON.parse(reply) as ScriptReply;
}

/** The refusal of a reply with `ok: false` as a typed error result. */
export function toTransitionError(reply: { code: TransitionErrorCode; message: string }): TransitionError {
  return { ok: false, code: reply.code, message: reply.message };
}

/** Held calls from a hash sessionId → state, sorted by session id. */
export function parseHeldCalls(calls: Record<string, string>): HeldCall[] {
  return Object.keys(calls)
    .sort()
    .map((sessionId) => ({ sessionId, state: calls[sessionId] as HeldCallState }));
}

/** A status change from a script reply (its `calls` is an object sessionId → state). */
export function parseStatusChange(raw: unknown): StatusChange {
  const change = raw as Omit<StatusChange, "calls" | "wrapUpUntil" | "lastCallEndedAt" | "callsHandled"> & {
    calls: Record<string, string>;
    wrapUpUntil: string;
    lastCallEndedAt?: string | number;
    callsHandled?: number;
  };
  return {
    ...change,
    calls: parseHeldCalls(change.calls),
    wrapUpUntil: change.wrapUpUntil ? Number(change.wrapUpUntil) : null,
    lastCallEndedAt: change.lastCallEndedAt ? Number(change.lastCallEndedAt) : null,
    callsHandled: Number(change.callsHandled ?? 0),
  };
}

function optional(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined || value === "" ? null : Number(value);
}

/** A session record from its stored hash. */
export function parseSession(hash: Record<string, string>): SessionRecord {
  return {
    sessionId: hash.sessionId ?? "",
    kind: hash.kind as SessionKind,
    customerChannelId: hash.customerChannelId ?? "",
    customerNumber: hash.customerNumber ?? "",
    callerName: hash.callerName ?? "",
    agentId: optional(hash.agentId),
    extension: optional(hash.extension),
    queueNumber: optional(hash.queueNumber),
    state: hash.state as SessionState,
    callIndex: optionalNumber(hash.callIndex),
    createdAt: Number(hash.createdAt),
    offeredAt: optionalNumber(hash.offeredAt),
    answeredAt: optionalNumber(hash.answeredAt),
    bridgedAt: optionalNumber(hash.bridgedAt),
    endedAt: optionalNumber(hash.endedAt),
    bridgeId: optional(hash.bridgeId),
    agentChannelId: optional(hash.agentChannelId),
    endReason: optional(hash.endReason),
    onHold: hash.onHold === "1",
    muted: (hash.muted ?? "none") as MuteState,
    released: hash.released === "1",
    priority: Number(hash.priority ?? 0),
    queueEnteredAt: optionalNumber(hash.queueEnteredAt),
    offerCount: Number(hash.offerCount ?? 0),
    transferredFrom: optional(hash.transferredFrom),
    transferTo: optional(hash.transferTo),
  };
}

/** An agent record from its stored hash and its calls hash. */
export function parseAgent(hash: Record<string, string>, calls: Record<string, string>): AgentRecord {
  const maxCalls = Number(hash.maxCalls);
  const presence = hash.presence as Presence;
  const held = parseHeldCalls(calls);
  return {
    agentId: hash.agentId ?? "",
    extension: hash.extension ?? "",
    agentName: hash.agentName ?? "",
    maxCalls,
    presence,
    pauseReason: optional(hash.pauseReason),
    wrapUpUntil: optionalNumber(hash.wrapUpUntil),
    status: hash.status as AgentStatus,
    previousStatus: optional(hash.previousStatus) as AgentStatus | null,
    statusChangedAt: hash.statusChangedAt ?? "",
    lastUpdate: hash.lastUpdate ?? "",
    lastCallEndedAt: optionalNumber(hash.lastCallEndedAt),
    callsHandled: Number(hash.callsHandled ?? 0),
    calls: held,
    capacity: { current: held.length, max: maxCalls, canTakeCall: canTakeCall(held.length, maxCalls, presence, optional(hash.wrapUpUntil) !== null) },
  };
}
