/**
 * Shapes of the Redis-held contact-center state: agents, sessions, the status change every
 * transition reports, and the typed refusals (a domain refusal is a value, never an exception;
 * only Redis failures throw).
 */
import type { MuteState } from "@acc/shared-types";

/** What the agent chose on its screen (`set_status`). */
export type Presence = "offline" | "available" | "paused";

/**
 * The agent status shown to screens; derived from presence, wrap-up and calls held (see `status.ts`).
 * `wrap_up`: after-call work, no new offers until it ends.
 */
export type AgentStatus = "offline" | "available" | "paused" | "ringing" | "on_call" | "multi_call" | "wrap_up";

/** The state of one call an agent holds, as kept in the agent's calls hash. */
export type HeldCallState = "ringing" | "connecting" | "connected";

/** Where a session is in its life: `new` (direct call) or `queued` (queue call) until offered. */
export type SessionState = "new" | "queued" | "ringing" | "connecting" | "connected" | "ended";

/** `direct`: dialled an agent's extension; `queue`: dialled a queue number. */
export type SessionKind = "direct" | "queue";

/**
 * Which audio directions of the call are muted now: `none`, `in`, `out` or `both`. The same type
 * as the `muted` field of `call_state_changed`; the direction a mute command acts on is
 * `MuteDirection` of `@acc/shared-types` (`in`, `out`, `both`).
 */
export type { MuteState };

/** One call an agent holds. */
export interface HeldCall {
  sessionId: string;
  state: HeldCallState;
}

/** An agent's capacity: `current` calls held (ringing included) out of `max`. */
export interface Capacity {
  current: number;
  max: number;
  /** True while `current < max` and presence is `available`. */
  canTakeCall: boolean;
}

/** An agent as stored, plus the calls it holds and its capacity. Times are ISO 8601 UTC. */
export interface AgentRecord {
  agentId: string;
  extension: string;
  agentName: string;
  maxCalls: number;
  presence: Presence;
  /** The pause reason code given with `paused`; null otherwise. */
  pauseReason: string | null;
  /** End of the after-call work (Unix ms); null when not wrapping up. */
  wrapUpUntil: number | null;
  status: AgentStatus;
  /** The status before the last status change; null until the status first changes. */
  previousStatus: AgentStatus | null;
  statusChangedAt: string;
  lastUpdate: string;
  /** When the last call the agent was connected with ended or went to a queue (Unix ms); null before the first. */
  lastCallEndedAt: number | null;
  /** Calls the agent was connected with that have ended or gone to a queue, since the agent was first stored. */
  callsHandled: number;
  /** Held calls, sorted by session id. */
  calls: HeldCall[];
  capacity: Capacity;
}

/**
 * An agent's status after a transition, returned by every transition that touches an agent so the
 * caller emits `agent_status_updated` only when `changed` is true.
 */
export interface StatusChange {
  agentId: string;
  status: AgentStatus;
  /** The status before this transition (equal to `status` when only the calls or capacity changed). */
  previousStatus: AgentStatus;
  callCount: number;
  /** Held calls after the transition, sorted by session id. */
  calls: HeldCall[];
  /** True when the status, the call count or the capacity (max or canTakeCall) changed. */
  changed: boolean;
  capacity: Capacity;
  /** ISO 8601 UTC time of the last status change. */
  statusChangedAt: string;
  /** ISO 8601 UTC time of this transition. */
  lastUpdate: string;
  /** End of the agent's after-call work (Unix ms); null when not wrapping up. */
  wrapUpUntil: number | null;
  /** As {@link AgentRecord.lastCallEndedAt}, after the transition. */
  lastCallEndedAt: number | null;
  /** As {@link AgentRecord.callsHandled}, after the transition. */
  callsHandled: number;
}

/** A customer call from StasisStart until it ends. Times are Unix ms; absent values are null. */
export interface SessionRecord {
  sessionId: string;
  kind: SessionKind;
  customerChannelId: string;
  customerNumber: string;
  callerName: string;
  agentId: string | null;
  /** The agent's extension (direct calls: the dialled one, before an agent is reserved). */
  extension: string | null;
  queueNumber: string | null;
  state: SessionState;
  /** The agent's line number for this call (see `README.md`); null until reserved. */
  callIndex: number | null;
  createdAt: number;
  offeredAt: number | null;
  answeredAt: number | null;
  bridgedAt: number | null;
  endedAt: number | null;
  bridgeId: string | null;
  agentChannelId: string | null;
  endReason: string | null;
  onHold: boolean;
  muted: MuteState;
  /** True once the session's capacity slot was released (the session ended). */
  released: boolean;
  /** Queue order: higher is served first (-100..100, default 0). */
  priority: number;
  /** When the call entered its current queue (Unix ms); null for a direct call never queued. */
  queueEnteredAt: number | null;
  /** Offers made so far (each reservation on an agent counts one); names the agent leg and bridge. */
  offerCount: number;
  /** For the session of a transfer's target: the session it was transferred from. */
  transferredFrom: string | null;
  /** While a transfer to another agent rings: the target's session. */
  transferTo: string | null;
}

/** Why a transition was refused. */
export type TransitionErrorCode =
  | "NOT_FOUND"
  | "UNKNOWN_AGENT"
  | "AGENT_OFFLINE"
  | "AGENT_PAUSED"
  | "AGENT_IN_WRAP_UP"
  | "NO_CAPACITY"
  | "INVALID_STATE"
  | "FORBIDDEN"
  | "EXTENSION_IN_USE"
  | "AGENT_HOLDS_CALLS"
  | "INVALID_ARGUMENT";

/** A refused transition: nothing in Redis changed. */
export interface TransitionError {
  ok: false;
  code: TransitionErrorCode;
  /** A sentence a person can act on. */
  message: string;
}

/** Either the transition's result (with `ok: true`) or a refusal. */
export type TransitionResult<T> = ({ ok: true } & T) | TransitionError;

/** Session counters of one UTC day, written by the transitions. */
export interface DailyCounters {
  /** Sessions opened (one per customer channel). */
  sessionsCreated: number;
  /** Sessions whose customer and agent were bridged. */
  sessionsConnected: number;
  /** Sessions ended, for any reason. */
  sessionsEnded: number;
  /** Most sessions open at once, sampled whenever one opened. */
  peakOpenSessions: number;
}
