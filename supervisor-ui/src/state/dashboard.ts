/**
 * The supervisor dashboard's (and ops view's) state: every agent with its calls, the calls waiting
 * in queues, the latest `system_stats`, recent refused calls, and the chart history. Pure:
 * `dashboardReducer(state, action)` returns a new state.
 */
import type { CallRefused, EventFrame, SystemStats } from "@acc/shared-types";
import { agentFromSnapshot, agentFromStatusUpdate, type AgentView } from "./agent-view.js";
import { skewOffsetMs } from "./clock.js";
import { appendSample, mergeSamples, type StatsSample } from "./stats-history.js";

/** A call an agent holds, as the grid shows it. */
export interface AgentCall {
  sessionId: string;
  customerNumber: string;
  phase: "ringing" | "connecting" | "connected";
  /** When the call's timer starts (ISO, server clock): the offer while ringing, the bridge once connected. */
  startTime: string;
  onHold: boolean;
}

/** One agent in the grid, with the calls it holds. */
export interface AgentRow extends AgentView {
  calls: AgentCall[];
}

/** A call waiting in a queue. */
export interface QueueRow {
  sessionId: string;
  channelId: string;
  customerNumber: string;
  callerName: string;
  queueNumber: string;
  position: number;
  estimatedWaitTime: number;
  /** When the call joined the queue (ISO). */
  waitingSince: string;
  /** Higher is served first; absent until the server reports one. */
  priority?: number;
}

/** The whole dashboard. */
export interface DashboardState {
  agents: Record<string, AgentRow>;
  queue: Record<string, QueueRow>;
  stats: SystemStats | null;
  refused: CallRefused[];
  history: StatsSample[];
  /** Server clock minus local clock, in ms, from the `connected` frame. */
  clockOffsetMs: number;
}

/** What changes the dashboard: a frame (with its local arrival time), a periodic chart sample, or the server's chart history (server clock). */
export type DashboardAction =
  | { type: "connected"; serverTime: number; receivedAt: number }
  | { type: "event"; frame: EventFrame; receivedAt: number }
  | { type: "sample"; at: number }
  | { type: "history"; samples: StatsSample[]; latest?: SystemStats };

/** How many refused calls the dashboard remembers. */
export const REFUSED_KEPT = 5;

/** The state before the first frame. */
export function initialDashboard(): DashboardState {
  return { agents: {}, queue: {}, stats: null, refused: [], history: [], clockOffsetMs: 0 };
}

function withAgent(state: DashboardState, agentId: string, change: (row: AgentRow) => AgentRow): DashboardState {
  const row = state.agents[agentId];
  return row ? { ...state, agents: { ...state.agents, [agentId]: change(row) } } : state;
}

function withoutCall(state: DashboardState, agentId: string, sessionId: string): DashboardState {
  return withAgent(state, agentId, (row) => ({ ...row, calls: row.calls.filter((c) => c.sessionId !== sessionId) }));
}

function putCall(calls: AgentCall[], call: AgentCall): AgentCall[] {
  return calls.some((c) => c.sessionId === call.sessionId) ? calls.map((c) => (c.sessionId === call.sessionId ? call : c)) : [...calls, call];
}

function fromSystemState(state: DashboardState, data: EventFrame<"system_state">["data"]): DashboardState {
  const agents: Record<string, AgentRow> = {};
  for (const [extension, e] of Object.entries(data.extensionStates)) {
    const capacity = data.agentsWithCapacity.find((a) => a.agentId === e.agentId);
    const previous = state.agents[e.agentId];
    agents[e.agentId] = {
      ...agentFromSnapshot(extension, e, capacity, previous),
      calls: data.activeCalls
        .filter((c) => c.agentId === e.agentId)
        .map((c) => ({
          sessionId: c.sessionId,
          customerNumber: c.customerNumber,
          phase: c.status,
          startTime: c.startTime,
          onHold: previous?.calls.find((p) => p.sessionId === c.sessionId)?.onHold ?? false,
        })),
    };
  }
  const queue: Record<string, QueueRow> = {};
  for (const q of data.queueCalls) {
    const previous = state.queue[q.sessionId];
    queue[q.sessionId] = {
      sessionId: q.sessionId,
      channelId: q.channelId,
      customerNumber: q.customerNumber,
      callerName: q.callerName,
      queueNumber: q.queueNumber,
      position: q.queuePosition,
      estimatedWaitTime: q.estimatedWaitTime,
      waitingSince: previous?.waitingSince ?? q.timestamp,
      ...(previous?.priority !== undefined ? { priority: previous.priority } : {}),
    };
  }
  return { ...state, agents, queue };
}

function applyEvent(state: DashboardState, frame: EventFrame, receivedAt: number): DashboardState {
  switch (frame.event) {
    case "system_state":
      return fromSystemState(state, frame.data);
    case "agent_status_updated": {
      const d = frame.data;
      const previous = state.agents[d.agentId];
      const row: AgentRow = {
        ...agentFromStatusUpdate(d, previous),
        calls: d.activeCalls.map((c) => {
          const known = previous?.calls.find((p) => p.sessionId === c.sessionId);
          // A call this screen has not seen offered or bridged (e.g. after a reconnect) shows as connecting until its next event.
          return known ?? { sessionId: c.sessionId, customerNumber: c.customerNumber, phase: "connecting", startTime: c.startTime, onHold: false };
        }),
      };
      return { ...state, agents: { ...state.agents, [d.agentId]: row } };
    }
    case "call_incoming": {
      const d = frame.data;
      const call: AgentCall = { sessionId: d.sessionId, customerNumber: d.customerNumber, phase: "ringing", startTime: d.timestamp, onHold: false };
      return withAgent(state, d.agentId, (row) => ({ ...row, calls: putCall(row.calls, call) }));
    }
    case "call_bridged_successfully": {
      const d = frame.data;
      // The timer starts at the server's timerStartTime; shifting it by this frame's skew lets the grid count with the local clock.
      const startTime = new Date(Date.parse(d.timerStartTime) - skewOffsetMs(d.serverTimestamp, receivedAt) + state.clockOffsetMs).toISOString();
      const call: AgentCall = { sessionId: d.sessionId, customerNumber: d.customerNumber, phase: "connected", startTime, onHold: false };
      return withAgent(state, d.agentId, (row) => ({ ...row, calls: putCall(row.calls, call) }));
    }
    case "call_state_changed": {
      const d = frame.data;
      return withAgent(state, d.agentId, (row) => ({ ...row, calls: row.calls.map((c) => (c.sessionId === d.sessionId ? { ...c, onHold: d.onHold } : c)) }));
    }
    case "customer_left_bridge":
    case "call_ended_normally":
    case "agent_rejected_call":
      return withoutCall(state, frame.data.agentId, frame.data.sessionId);
    case "incoming_queue_call": {
      const d = frame.data;
      const row: QueueRow = {
        sessionId: d.sessionId,
        channelId: d.channelId,
        customerNumber: d.customerNumber,
        callerName: d.callerName,
        queueNumber: d.queueNumber,
        position: d.queuePosition,
        estimatedWaitTime: d.estimatedWaitTime,
        waitingSince: state.queue[d.sessionId]?.waitingSince ?? d.timestamp,
      };
      return { ...state, queue: { ...state.queue, [d.sessionId]: row } };
    }
    case "queue_call_updated": {
      const d = frame.data;
      const row = state.queue[d.sessionId];
      if (!row) return state;
      const next: QueueRow = { ...row, position: d.queuePosition, estimatedWaitTime: d.estimatedWaitTime, priority: d.priority, waitingSince: d.waitingSince };
      return { ...state, queue: { ...state.queue, [d.sessionId]: next } };
    }
    case "queue_call_removed": {
      const { [frame.data.sessionId]: _removed, ...queue } = state.queue;
      return { ...state, queue };
    }
    case "call_refused":
      return { ...state, refused: [frame.data, ...state.refused].slice(0, REFUSED_KEPT) };
    case "system_stats": {
      const next = { ...state, stats: frame.data };
      return { ...next, history: appendSample(next.history, sampleOf(next, receivedAt)) };
    }
  }
}

/**
 * The chart figures of the current state at local time `at` (Unix ms), as the server samples a
 * push: calls waiting, calls held by agents (ringing included), mean service level and abandon rate.
 */
export function sampleOf(state: DashboardState, at: number): StatsSample {
  const activeCalls = Object.values(state.agents).reduce((n, a) => n + a.calls.length, 0);
  return { at, waiting: Object.keys(state.queue).length, activeCalls, serviceLevel: serviceLevelOf(state.stats), abandonRate: abandonRateOf(state.stats) };
}

function queueMean(stats: SystemStats | null, pick: (q: NonNullable<SystemStats["queues"]>[string]) => number): number | null {
  const queues = Object.values(stats?.queues ?? {});
  if (queues.length === 0) return null;
  return Math.round((queues.reduce((sum, q) => sum + pick(q), 0) / queues.length) * 10) / 10;
}

/** The service level over all queues (mean of the per-queue figures, one decimal), `null` when the server sends none. */
export function serviceLevelOf(stats: SystemStats | null): number | null {
  return queueMean(stats, (q) => q.serviceLevel);
}

/** The abandon rate over all queues (mean of the per-queue figures, one decimal), `null` when the server sends none. */
export function abandonRateOf(stats: SystemStats | null): number | null {
  return queueMean(stats, (q) => q.abandonRate);
}

/** The dashboard's reducer. */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case "connected":
      return { ...state, clockOffsetMs: skewOffsetMs(action.serverTime, action.receivedAt) };
    case "event":
      return applyEvent(state, action.frame, action.receivedAt);
    case "sample":
      return { ...state, history: appendSample(state.history, sampleOf(state, action.at)) };
    case "history": {
      const history = mergeSamples(state.history, action.samples.map((s) => ({ ...s, at: s.at - state.clockOffsetMs })));
      // The figures of the last push, unless a newer push already arrived over the WebSocket.
      const stale = !state.stats || (action.latest !== undefined && Date.parse(action.latest.timestamp) > Date.parse(state.stats.timestamp));
      return { ...state, history, ...(action.latest && stale ? { stats: action.latest } : {}) };
    }
  }
}

/** Waiting calls grouped by queue number, then by position. */
export function queueRows(state: DashboardState): QueueRow[] {
  return Object.values(state.queue).sort((a, b) => a.queueNumber.localeCompare(b.queueNumber) || a.position - b.position);
}
