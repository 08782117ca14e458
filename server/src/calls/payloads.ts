/**
 * Builds event payloads from the records in Redis, with the field names, types and units of the
 * contract (`docs/events.md`, shared-types). Pure functions: no I/O.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { AgentRecord, SessionRecord, StatusChange } from "../state/index.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Whole seconds between two Unix-ms instants, never negative. */
export function wholeSeconds(fromMs: number | null, toMs: number): number {
  return fromMs === null ? 0 : Math.max(0, Math.floor((toMs - fromMs) / 1000));
}

/** `call_incoming` for the agent a session was just offered to; `transferredBy` for a transfer's target. */
export function callIncoming(
  session: SessionRecord,
  agent: AgentRecord,
  ringTimeoutS: number,
  now: number,
  transferredBy: string | null = null,
): EventPayloadMap["call_incoming"] {
  return {
    sessionId: session.sessionId,
    channelId: session.customerChannelId,
    agentId: agent.agentId,
    extension: agent.extension,
    agentName: agent.agentName,
    customerNumber: session.customerNumber,
    callerName: session.callerName,
    callIndex: session.callIndex ?? 1,
    maxCalls: agent.maxCalls,
    callDirection: "inbound",
    priority: "normal",
    timestamp: iso(now),
    canAnswer: true,
    canReject: true,
    canTransfer: true,
    callType: session.transferredFrom ? "transfer" : session.kind,
    ...(session.queueNumber ? { queueNumber: session.queueNumber } : {}),
    ...(transferredBy ? { transferredBy } : {}),
    ringTimeout: ringTimeoutS,
    ringDeadline: iso((session.offeredAt ?? now) + ringTimeoutS * 1000),
  };
}

/** The in-call controls this server implements; advertised in `call_bridged_successfully`. */
export const CALL_CONTROLS = {
  mute: true,
  hold: true,
  transfer: true,
  hangup: true,
  record: false,
  conference: false,
} as const;

/** `call_bridged_successfully` once customer and agent are both in the mixing bridge. */
export function callBridged(session: SessionRecord, now: number): EventPayloadMap["call_bridged_successfully"] {
  const bridgedAt = session.bridgedAt ?? now;
  return {
    sessionId: session.sessionId,
    channelId: session.customerChannelId,
    bridgeId: session.bridgeId ?? "",
    agentId: session.agentId ?? "",
    extension: session.extension ?? "",
    customerNumber: session.customerNumber,
    callIndex: session.callIndex ?? 1,
    connectedAt: iso(bridgedAt),
    startTimer: true,
    timerStartTime: iso(bridgedAt),
    serverTimestamp: now,
    controls: { ...CALL_CONTROLS },
  };
}

/** Which call, on which agent's line: the fields every event about an offered call starts with. */
function callOnLine(session: SessionRecord) {
  return {
    sessionId: session.sessionId,
    channelId: session.customerChannelId,
    agentId: session.agentId ?? "",
    extension: session.extension ?? "",
    customerNumber: session.customerNumber,
    callIndex: session.callIndex ?? 1,
  };
}

/** Fields every ending of a call to an agent reports: which call, and how long (whole seconds). */
function endedCall(session: SessionRecord, now: number) {
  return {
    ...callOnLine(session),
    callDuration: wholeSeconds(session.bridgedAt, now),
    totalDuration: wholeSeconds(session.createdAt, now),
    wasConnected: session.bridgedAt !== null,
    ...(session.bridgeId && session.bridgedAt !== null ? { bridgeId: session.bridgeId } : {}),
  };
}

/** `customer_left_bridge` when the customer hung up, before or after the agent answered. */
export function customerLeft(
  session: SessionRecord,
  now: number,
  reason: EventPayloadMap["customer_left_bridge"]["reason"],
): EventPayloadMap["customer_left_bridge"] {
  return { ...endedCall(session, now), leftAt: iso(now), reason, autoDecline: true, wasAnswered: session.answeredAt !== null };
}

/** `call_ended_normally` when the agent or a supervisor ended a call. */
export function callEnded(
  session: SessionRecord,
  now: number,
  endedBy: EventPayloadMap["call_ended_normally"]["endedBy"],
): EventPayloadMap["call_ended_normally"] {
  return { ...endedCall(session, now), endedBy, endedAt: iso(now), timestamp: iso(now) };
}

/** `agent_rejected_call` when an offered call did not reach the agent. */
export function agentRejected(
  session: SessionRecord,
  now: number,
  reason: EventPayloadMap["agent_rejected_call"]["reason"],
  detail?: string,
): EventPayloadMap["agent_rejected_call"] {
  return {
    ...callOnLine(session),
    reason,
    ...(detail ? { detail } : {}),
    returnedToQueue: false,
    rejectedAt: iso(now),
    timestamp: iso(now),
  };
}

/**
 * `call_state_changed` for an in-call control of a connected call (hold, mute, transfer): the
 * session's whole current state, so a screen that missed an event still shows the truth.
 */
export function callStateChanged(
  session: SessionRecord,
  change: EventPayloadMap["call_state_changed"]["change"],
  state: { onHold: boolean; muted: EventPayloadMap["call_state_changed"]["muted"]; transferTarget?: string },
  now: number,
): EventPayloadMap["call_state_changed"] {
  return {
    sessionId: session.sessionId,
    channelId: session.customerChannelId,
    agentId: session.agentId ?? "",
    extension: session.extension ?? "",
    channelRole: change === "mute" || change === "unmute" ? "agent" : "customer",
    change,
    state: "Up",
    onHold: state.onHold,
    muted: state.muted,
    ...(state.transferTarget ? { transferTarget: state.transferTarget } : {}),
    timestamp: iso(now),
  };
}

/** `agent_status_updated` from a state transition's status change and the agent's roster fields. */
export function agentStatusUpdated(
  change: StatusChange,
  agent: Pick<AgentRecord, "extension" | "agentName" | "pauseReason">,
  sessions: ReadonlyMap<string, SessionRecord>,
): EventPayloadMap["agent_status_updated"] {
  return {
    agentId: change.agentId,
    extension: agent.extension,
    agentName: agent.agentName,
    status: change.status,
    previousStatus: change.previousStatus,
    // A call whose session could not be read (it expired in between) is left out rather than sent
    // with an empty channel id, which screens would refuse as a whole event.
    activeCalls: change.calls.flatMap((call) => {
      const session = sessions.get(call.sessionId);
      if (!session) return [];
      return [
        {
          channelId: session.customerChannelId,
          sessionId: call.sessionId,
          startTime: iso(session.bridgedAt ?? session.offeredAt ?? session.createdAt),
          customerNumber: session.customerNumber,
        },
      ];
    }),
    callCount: change.callCount,
    statusChangedAt: change.statusChangedAt,
    lastUpdate: change.lastUpdate,
    capacity: { ...change.capacity },
    ...(agent.pauseReason ? { pauseReason: agent.pauseReason } : {}),
    ...(change.status === "wrap_up" && change.wrapUpUntil !== null ? { wrapUpUntil: iso(change.wrapUpUntil) } : {}),
  };
}
