/**
 * `system_state`: the current state a client may see, sent right after it connects (and after a
 * reconnect). An agent sees itself and its own calls; supervisors and ops see every agent, call and
 * waiting queue call (`docs/events.md`, "Who receives what").
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { Identity } from "../auth/token.js";
import { queuePositions } from "../queues/queue-positions.js";
import type { QueueDirectory } from "../queues/queue-config.js";
import { DEFAULT_HANDLE_TIME_S, estimateWaitSeconds, queueCapacity } from "../queues/wait-estimate.js";
import type { AgentRecord, AgentStore, SessionRecord, SessionStore } from "../state/index.js";

type SystemState = EventPayloadMap["system_state"];

const ACTIVE = new Set(["ringing", "connecting", "connected"]);

/**
 * Builds the snapshot for `identity` from Redis. `lastEventId` is the newest event id already
 * reflected. Wait estimates follow `queues/wait-estimate.ts` with the default handle time (the
 * events that follow carry the measured one). `ringTimeoutS(session)` is the ring timeout (s) the
 * call flow gave the session's offer, so a ringing call carries the same `ringDeadline` as its
 * `call_incoming`.
 */
export async function buildSystemState(
  stores: { agents: AgentStore; sessions: SessionStore; queues: QueueDirectory; ringTimeoutS: (session: SessionRecord) => number },
  identity: Identity,
  lastEventId: string | null,
  now: number,
): Promise<SystemState> {
  const { allAgents, open } = await readScope(stores, identity);
  const mine = (agentId: string | null) => identity.role !== "agent" || agentId === identity.agentId;
  const agents = allAgents.filter((a) => mine(a.agentId));
  const activeCalls = open.filter((s) => ACTIVE.has(s.state) && s.agentId && mine(s.agentId));
  const waiting = identity.role === "agent" ? [] : queuePositions(open);
  return {
    extensionStates: Object.fromEntries(
      agents.map((a) => [
        a.extension,
        {
          agentId: a.agentId,
          status: a.status,
          agentName: a.agentName,
          lastUpdate: a.lastUpdate,
          statusChangedAt: a.statusChangedAt,
          ...(a.status === "paused" && a.pauseReason ? { pauseReason: a.pauseReason } : {}),
          ...(a.status === "wrap_up" && a.wrapUpUntil !== null ? { wrapUpUntil: new Date(a.wrapUpUntil).toISOString() } : {}),
        },
      ]),
    ),
    availableAgents: agents.filter((a) => a.capacity.canTakeCall).map(({ agentId, extension, agentName }) => ({ agentId, extension, agentName })),
    agentsWithCapacity: agents.map(capacityOf),
    activeCalls: activeCalls.map((s) => ({
      sessionId: s.sessionId,
      channelId: s.customerChannelId,
      agentId: s.agentId ?? "",
      extension: s.extension ?? "",
      customerNumber: s.customerNumber,
      callType: s.transferredFrom ? "transfer" : s.kind,
      callIndex: s.callIndex ?? 1,
      startTime: new Date(s.bridgedAt ?? s.offeredAt ?? s.createdAt).toISOString(),
      status: s.state as "ringing" | "connecting" | "connected",
      callerName: s.callerName,
      ...(s.queueNumber ? { queueNumber: s.queueNumber } : {}),
      ...(s.state === "ringing" ? ringing(s, stores.ringTimeoutS(s)) : {}),
    })),
    queueCalls: waiting.map(({ session, position }) => ({
      sessionId: session.sessionId,
      channelId: session.customerChannelId,
      customerNumber: session.customerNumber,
      callerName: session.callerName,
      queuePosition: position,
      estimatedWaitTime: estimateWaitSeconds(position, queueCapacity(stores.queues.get(session.queueNumber ?? ""), allAgents), DEFAULT_HANDLE_TIME_S),
      queueNumber: session.queueNumber ?? "",
      timestamp: new Date(session.createdAt).toISOString(),
    })),
    lastEventId,
    timestamp: new Date(now).toISOString(),
  };
}

/**
 * What the snapshot is built from: for an agent only itself and the sessions of its calls (an agent
 * screen connecting must not cost a read of every agent and call), for supervisors and ops all.
 */
async function readScope(
  stores: { agents: AgentStore; sessions: SessionStore },
  identity: Identity,
): Promise<{ allAgents: AgentRecord[]; open: SessionRecord[] }> {
  if (identity.role !== "agent") {
    const [allAgents, open] = await Promise.all([stores.agents.listAgents(), stores.sessions.listOpenSessions()]);
    return { allAgents, open };
  }
  const self = identity.agentId ? await stores.agents.getAgent(identity.agentId) : null;
  if (!self) return { allAgents: [], open: [] };
  const sessions = await Promise.all(self.calls.map((call) => stores.sessions.getSession(call.sessionId)));
  return { allAgents: [self], open: sessions.filter((s): s is SessionRecord => s !== null && !s.released) };
}

/** The ring timeout and deadline of a ringing offer, as `call_incoming` gave them (`calls/payloads.ts`). */
function ringing(session: SessionRecord, ringTimeoutS: number): { ringTimeout: number; ringDeadline: string } {
  return { ringTimeout: ringTimeoutS, ringDeadline: new Date((session.offeredAt ?? session.createdAt) + ringTimeoutS * 1000).toISOString() };
}

function capacityOf(a: AgentRecord): SystemState["agentsWithCapacity"][number] {
  return {
    agentId: a.agentId,
    extension: a.extension,
    agentName: a.agentName,
    currentCalls: a.capacity.current,
    maxCalls: a.maxCalls,
    canTakeCall: a.capacity.canTakeCall,
  };
}
