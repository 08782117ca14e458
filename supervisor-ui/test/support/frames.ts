/**
 * Valid server frames for the reducer tests. Each builder checks its payload with the shared-types
 * schema, so a test can never feed the reducers a frame the server could not send.
 */
import { eventSchemas, type EventFrame, type EventPayloadMap, type ServerEventName } from "@acc/shared-types";

let sequence = 0;

/** An event frame with a fresh, increasing id; `data` is validated first. */
export function frame<E extends ServerEventName>(event: E, data: EventPayloadMap[E]): EventFrame<E> {
  const parsed = eventSchemas[event].parse(data) as EventPayloadMap[E];
  return { event, data: parsed, id: `1700000000000-${++sequence}` } as EventFrame<E>;
}

/** 2024-01-15T10:30:00.000Z plus `seconds`. */
export function at(seconds: number): string {
  return new Date(Date.parse("2024-01-15T10:30:00.000Z") + seconds * 1000).toISOString();
}

/** Unix ms of {@link at}. */
export function ms(seconds: number): number {
  return Date.parse(at(seconds));
}

const agent = { agentId: "agent-1001", extension: "1001", agentName: "John Doe" };

/** `system_state` with agent-1001 (3 calls max) and, for supervisors, agent-1003. */
export function systemState(overrides: Partial<EventPayloadMap["system_state"]> = {}): EventPayloadMap["system_state"] {
  return {
    extensionStates: {
      "1001": { agentId: "agent-1001", status: "available", agentName: "John Doe", lastUpdate: at(0) },
      "1003": { agentId: "agent-1003", status: "paused", agentName: "Amina Otieno", lastUpdate: at(0) },
    },
    availableAgents: [agent],
    agentsWithCapacity: [
      { ...agent, currentCalls: 0, maxCalls: 3, canTakeCall: true },
      { agentId: "agent-1003", extension: "1003", agentName: "Amina Otieno", currentCalls: 0, maxCalls: 1, canTakeCall: false },
    ],
    activeCalls: [],
    queueCalls: [],
    lastEventId: null,
    timestamp: at(0),
    ...overrides,
  };
}

/** `call_incoming` for agent-1001, session `s1` unless overridden. */
export function callIncoming(overrides: Partial<EventPayloadMap["call_incoming"]> = {}): EventPayloadMap["call_incoming"] {
  return {
    sessionId: "s1",
    channelId: "c1",
    ...agent,
    customerNumber: "254712345678",
    callerName: "Grace Wanjiru",
    callIndex: 1,
    maxCalls: 3,
    callDirection: "inbound",
    priority: "normal",
    timestamp: at(10),
    canAnswer: true,
    canReject: true,
    canTransfer: true,
    callType: "queue",
    queueNumber: "5000",
    ringTimeout: 20,
    ringDeadline: at(30),
    ...overrides,
  };
}

/** `call_bridged_successfully` for session `s1`. */
export function callBridged(overrides: Partial<EventPayloadMap["call_bridged_successfully"]> = {}): EventPayloadMap["call_bridged_successfully"] {
  return {
    sessionId: "s1",
    channelId: "c1",
    bridgeId: "b1",
    ...agent,
    customerNumber: "254712345678",
    callIndex: 1,
    connectedAt: at(15),
    startTimer: true,
    timerStartTime: at(15),
    serverTimestamp: ms(15),
    controls: { mute: true, hold: true, transfer: true, hangup: true, record: false, conference: false },
    ...overrides,
  };
}

/** `customer_left_bridge` for session `s1`. */
export function customerLeft(overrides: Partial<EventPayloadMap["customer_left_bridge"]> = {}): EventPayloadMap["customer_left_bridge"] {
  return {
    sessionId: "s1",
    channelId: "c1",
    ...agent,
    customerNumber: "254712345678",
    leftAt: at(75),
    reason: "customer_disconnected",
    autoDecline: true,
    callDuration: 60,
    totalDuration: 65,
    wasConnected: true,
    wasAnswered: true,
    callIndex: 1,
    bridgeId: "b1",
    ...overrides,
  };
}

/** `agent_status_updated` for agent-1001. */
export function statusUpdated(overrides: Partial<EventPayloadMap["agent_status_updated"]> = {}): EventPayloadMap["agent_status_updated"] {
  return {
    ...agent,
    status: "available",
    previousStatus: "offline",
    activeCalls: [],
    callCount: 0,
    statusChangedAt: at(5),
    lastUpdate: at(5),
    capacity: { current: 0, max: 3, canTakeCall: true },
    ...overrides,
  };
}

/** `incoming_queue_call` for session `q1` in queue 5000. */
export function queueCall(overrides: Partial<EventPayloadMap["incoming_queue_call"]> = {}): EventPayloadMap["incoming_queue_call"] {
  return {
    sessionId: "q1",
    channelId: "qc1",
    customerNumber: "254700000001",
    callerName: "Unknown Caller",
    queuePosition: 1,
    estimatedWaitTime: 30,
    queueNumber: "5000",
    timestamp: at(20),
    availableAgents: [{ ...agent, currentCalls: 0, maxCalls: 3 }],
    actions: { assignToAgent: true, setPriority: true, transfer: true, hangup: true },
    ...overrides,
  };
}

/** `system_stats` with one queue's figures. */
export function systemStats(overrides: Partial<EventPayloadMap["system_stats"]> = {}): EventPayloadMap["system_stats"] {
  return {
    totalSessions: 12,
    activeAgents: 2,
    availableAgents: 1,
    avgCallsPerAgent: 1.5,
    systemHealth: { status: "operational", uptime: 3600, memoryUsage: { used: 100, total: 1000, percentage: 10 }, activeConnections: 4 },
    performance: { avgResponseTime: 120, callsPerMinute: 2, peakConcurrentCalls: 3, successRate: 95 },
    timestamp: at(30),
    ...overrides,
  };
}
