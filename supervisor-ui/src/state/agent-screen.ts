/**
 * The agent screen's state: the agent itself (status, pause reason, capacity) and its call cards,
 * built only from the server's frames. Pure: `agentScreenReducer(state, action)` returns a new state.
 */
import type {
  CallBridgedSuccessfully,
  CallPriority,
  CallType,
  CustomerLeftReason,
  EndedBy,
  EventFrame,
  MuteState,
  RejectReason,
} from "@acc/shared-types";
import { CallType as CallTypeSchema } from "@acc/shared-types";
import { agentFromSnapshot, agentFromStatusUpdate, type AgentView } from "./agent-view.js";
import { skewOffsetMs } from "./clock.js";

/** The signed-in agent as its screen shows it. */
export type AgentSelf = AgentView;

/**
 * How a call card ended: the customer left (hung up on a connected call, or before the agent
 * answered), the call was ended (summary), or the offer rang out unanswered (missed call).
 */
export type CallOutcome =
  | { kind: "customer_left"; reason: CustomerLeftReason; callDuration: number; totalDuration: number; wasConnected: boolean; at: string }
  | { kind: "ended"; endedBy: EndedBy; transferredTo?: string; callDuration: number; totalDuration: number; wasConnected: boolean; at: string }
  | { kind: "missed"; reason: RejectReason; returnedToQueue: boolean; at: string };

/** Offers that ended with nobody answering: the screen keeps a missed-call card for them. */
const RANG_OUT: ReadonlySet<RejectReason> = new Set(["ring_timeout", "agent_no_answer"]);

/** One call on the agent's screen, from the offer to its end. */
export interface CallCard {
  sessionId: string;
  channelId: string;
  customerNumber: string;
  /** Absent when the card was rebuilt from a `system_state` of a server that does not carry it. */
  callerName?: string;
  callType?: CallType;
  queueNumber?: string;
  /** The agent who transferred the call here, for `callType: "transfer"`. */
  transferredBy?: string;
  callIndex: number;
  priority?: CallPriority;
  phase: "ringing" | "connecting" | "connected" | "ended";
  /** When the offer stops ringing (ISO, server clock). */
  ringDeadline?: string;
  ringTimeout?: number;
  /** When the call timer starts (ISO, server clock). */
  timerStartTime?: string;
  /** Server clock minus local clock for this card's timers, in ms. */
  offsetMs: number;
  controls?: CallBridgedSuccessfully["controls"];
  onHold: boolean;
  muted: MuteState;
  outcome?: CallOutcome;
}

/** The whole agent screen. `clockOffsetMs` comes from the `connected` frame and serves cards without their own. */
export interface AgentScreenState {
  agentId: string;
  self: AgentSelf | null;
  calls: CallCard[];
  clockOffsetMs: number;
}

/** What changes the agent screen: a frame from the server (with its local arrival time) or the agent dismissing an ended card. */
export type AgentScreenAction =
  | { type: "connected"; serverTime: number; receivedAt: number }
  | { type: "event"; frame: EventFrame; receivedAt: number }
  | { type: "dismiss"; sessionId: string };

/** The state before the first frame. */
export function initialAgentScreen(agentId: string): AgentScreenState {
  return { agentId, self: null, calls: [], clockOffsetMs: 0 };
}

/** Ringing cards first, then calls being connected or on the line, then ended ones; by line number within each. */
const PHASE_ORDER: Record<CallCard["phase"], number> = { ringing: 0, connecting: 1, connected: 1, ended: 2 };

/** The cards in screen order (see {@link PHASE_ORDER}); a new ringing card never lands between ended ones. */
export function orderCards(calls: readonly CallCard[]): CallCard[] {
  return [...calls].sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || a.callIndex - b.callIndex);
}

function upsert(calls: CallCard[], card: CallCard): CallCard[] {
  const at = calls.findIndex((c) => c.sessionId === card.sessionId);
  return orderCards(at === -1 ? [...calls, card] : calls.map((c, i) => (i === at ? card : c)));
}

function update(calls: CallCard[], sessionId: string, change: (card: CallCard) => CallCard): CallCard[] {
  return calls.map((c) => (c.sessionId === sessionId ? change(c) : c));
}

function blankCard(state: AgentScreenState, data: { sessionId: string; channelId: string; customerNumber: string; callIndex: number }): CallCard {
  return {
    sessionId: data.sessionId,
    channelId: data.channelId,
    customerNumber: data.customerNumber,
    callIndex: data.callIndex,
    phase: "ringing",
    offsetMs: state.clockOffsetMs,
    onHold: false,
    muted: "none",
  };
}

function findCard(state: AgentScreenState, data: Parameters<typeof blankCard>[1]): CallCard {
  return state.calls.find((c) => c.sessionId === data.sessionId) ?? blankCard(state, data);
}

function fromSystemState(state: AgentScreenState, data: EventFrame<"system_state">["data"]): AgentScreenState {
  const extension = Object.entries(data.extensionStates).find(([, e]) => e.agentId === state.agentId);
  const capacity = data.agentsWithCapacity.find((a) => a.agentId === state.agentId);
  const self: AgentSelf | null = extension ? agentFromSnapshot(extension[0], extension[1], capacity, state.self) : state.self;
  // Live calls come from the snapshot (keeping what the cards already knew); ended cards stay until dismissed.
  const live = data.activeCalls
    .filter((a) => a.agentId === state.agentId)
    .map((a): CallCard => {
      const known = state.calls.find((c) => c.sessionId === a.sessionId && c.phase !== "ended");
      const phase = a.status;
      const callType = CallTypeSchema.safeParse(a.callType);
      // The snapshot's offer details fill what the card does not know yet (a reload knows nothing).
      return {
        ...(a.callerName !== undefined ? { callerName: a.callerName } : {}),
        ...(callType.success ? { callType: callType.data } : {}),
        ...(a.queueNumber !== undefined ? { queueNumber: a.queueNumber } : {}),
        ...(a.ringDeadline !== undefined ? { ringDeadline: a.ringDeadline } : {}),
        ...(a.ringTimeout !== undefined ? { ringTimeout: a.ringTimeout } : {}),
        ...(known ?? blankCard(state, a)),
        phase,
        ...(phase === "connected" && !known?.timerStartTime ? { timerStartTime: a.startTime } : {}),
      };
    });
  const ended = state.calls.filter((c) => c.phase === "ended" && !live.some((l) => l.sessionId === c.sessionId));
  return { ...state, self, calls: orderCards([...live, ...ended]) };
}

function applyEvent(state: AgentScreenState, frame: EventFrame, receivedAt: number): AgentScreenState {
  switch (frame.event) {
    case "system_state":
      return fromSystemState(state, frame.data);
    case "agent_status_updated": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      return { ...state, self: agentFromStatusUpdate(d, state.self) };
    }
    case "call_incoming": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      const card: CallCard = {
        ...findCard(state, d),
        callerName: d.callerName,
        ...(d.callType ? { callType: d.callType } : {}),
        ...(d.queueNumber ? { queueNumber: d.queueNumber } : {}),
        ...(d.transferredBy ? { transferredBy: d.transferredBy } : {}),
        priority: d.priority,
        phase: "ringing",
        ringDeadline: d.ringDeadline,
        ringTimeout: d.ringTimeout,
      };
      const self = state.self ? { ...state.self, capacity: { ...state.self.capacity, max: d.maxCalls } } : null;
      return { ...state, self, calls: upsert(state.calls, card) };
    }
    case "call_bridged_successfully": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      const card: CallCard = {
        ...findCard(state, d),
        phase: "connected",
        timerStartTime: d.timerStartTime,
        offsetMs: skewOffsetMs(d.serverTimestamp, receivedAt),
        controls: d.controls,
      };
      return { ...state, calls: upsert(state.calls, card) };
    }
    case "call_state_changed": {
      const d = frame.data;
      return { ...state, calls: update(state.calls, d.sessionId, (c) => ({ ...c, onHold: d.onHold, muted: d.muted })) };
    }
    case "customer_left_bridge": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      const card: CallCard = {
        ...findCard(state, d),
        phase: "ended",
        outcome: { kind: "customer_left", reason: d.reason, callDuration: d.callDuration, totalDuration: d.totalDuration, wasConnected: d.wasConnected, at: d.leftAt },
      };
      return { ...state, calls: upsert(state.calls, card) };
    }
    case "call_ended_normally": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      const card: CallCard = {
        ...findCard(state, d),
        phase: "ended",
        outcome: { kind: "ended", endedBy: d.endedBy, ...(d.transferredTo ? { transferredTo: d.transferredTo } : {}), callDuration: d.callDuration, totalDuration: d.totalDuration, wasConnected: d.wasConnected, at: d.endedAt },
      };
      return { ...state, calls: upsert(state.calls, card) };
    }
    case "agent_rejected_call": {
      const d = frame.data;
      if (d.agentId !== state.agentId) return state;
      const known = state.calls.find((c) => c.sessionId === d.sessionId);
      // The agent's own rejection needs no trace; an offer nobody answered leaves a missed call.
      if (known?.phase === "ended") return state;
      if (!RANG_OUT.has(d.reason)) return { ...state, calls: state.calls.filter((c) => c.sessionId !== d.sessionId) };
      const card: CallCard = { ...findCard(state, d), phase: "ended", outcome: { kind: "missed", reason: d.reason, returnedToQueue: d.returnedToQueue, at: d.rejectedAt } };
      return { ...state, calls: upsert(state.calls, card) };
    }
    default:
      // Queue, statistics and refusal events are for supervisors; an agent screen ignores them.
      return state;
  }
}

/** The agent screen's reducer. */
export function agentScreenReducer(state: AgentScreenState, action: AgentScreenAction): AgentScreenState {
  switch (action.type) {
    case "connected":
      return { ...state, clockOffsetMs: skewOffsetMs(action.serverTime, action.receivedAt) };
    case "event":
      return applyEvent(state, action.frame, action.receivedAt);
    case "dismiss":
      return { ...state, calls: state.calls.filter((c) => c.sessionId !== action.sessionId || c.phase !== "ended") };
  }
}

/** Calls still ringing, oldest offer first: the first one is what the keyboard shortcuts act on. */
export function ringingCalls(state: AgentScreenState): CallCard[] {
  return state.calls.filter((c) => c.phase === "ringing");
}
