/**
 * An agent as both screens show it (the agent screen's own line, the dashboard's grid): status with
 * its pause reason, start and wrap-up end, and capacity; built from `agent_status_updated` or from
 * a `system_state` entry.
 */
import type { AgentStatus, EventFrame } from "@acc/shared-types";

/** An agent's status and capacity. Times are ISO 8601 on the server's clock. */
export interface AgentView {
  agentId: string;
  extension: string;
  agentName: string;
  status: AgentStatus;
  /** The reason code given with `paused`; absent otherwise or when unknown. */
  pauseReason?: string;
  /** When the current status began. */
  statusChangedAt: string;
  /** With status `wrap_up`: when the after-call work ends, if the server says. */
  wrapUpUntil?: string;
  capacity: { current: number; max: number; canTakeCall: boolean };
}

type StatusUpdate = EventFrame<"agent_status_updated">["data"];
type Snapshot = EventFrame<"system_state">["data"];

/** Statuses of an agent holding calls; moving between them is still the same stretch of call work. */
const HOLDING_CALLS: ReadonlySet<AgentStatus> = new Set(["ringing", "on_call", "multi_call"]);

/**
 * When the shown status began: the server's `statusChangedAt`, except that a flip between ringing,
 * on call and multi-call (a second call rings, the first ends) keeps the start the screen already
 * had, so "time in status" counts the whole stretch of holding calls.
 */
function statusStart(serverStart: string, status: AgentStatus, previous: AgentView | null | undefined): string {
  if (previous && HOLDING_CALLS.has(previous.status) && HOLDING_CALLS.has(status) && previous.statusChangedAt < serverStart) return previous.statusChangedAt;
  return serverStart;
}

/** The agent as an `agent_status_updated` event describes it; `previous` is what the screen showed before. */
export function agentFromStatusUpdate(d: StatusUpdate, previous?: AgentView | null): AgentView {
  return {
    agentId: d.agentId,
    extension: d.extension,
    agentName: d.agentName,
    status: d.status,
    ...(d.pauseReason !== undefined ? { pauseReason: d.pauseReason } : {}),
    statusChangedAt: statusStart(d.statusChangedAt, d.status, previous),
    ...(d.status === "wrap_up" && d.wrapUpUntil !== undefined ? { wrapUpUntil: d.wrapUpUntil } : {}),
    capacity: d.capacity,
  };
}

/**
 * The agent as a `system_state` entry describes it (`extension` is the entry's key). A server that
 * sends no status start, pause reason or wrap-up end in its snapshot leaves what `previous` knew
 * when the status is unchanged, else the entry's `lastUpdate` as the status start.
 */
export function agentFromSnapshot(
  extension: string,
  entry: Snapshot["extensionStates"][string],
  capacity: Snapshot["agentsWithCapacity"][number] | undefined,
  previous: AgentView | null | undefined,
): AgentView {
  const same = previous?.status === entry.status ? previous : undefined;
  const pauseReason = entry.status === "paused" ? (entry.pauseReason ?? same?.pauseReason) : undefined;
  const wrapUpUntil = entry.status === "wrap_up" ? (entry.wrapUpUntil ?? same?.wrapUpUntil) : undefined;
  return {
    agentId: entry.agentId,
    extension,
    agentName: entry.agentName,
    status: entry.status,
    ...(pauseReason !== undefined ? { pauseReason } : {}),
    statusChangedAt: statusStart(entry.statusChangedAt ?? same?.statusChangedAt ?? entry.lastUpdate, entry.status, previous),
    ...(wrapUpUntil !== undefined ? { wrapUpUntil } : {}),
    capacity: capacity
      ? { current: capacity.currentCalls, max: capacity.maxCalls, canTakeCall: capacity.canTakeCall }
      : (previous?.capacity ?? { current: 0, max: 0, canTakeCall: false }),
  };
}
