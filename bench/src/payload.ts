/**
 * The fan-out frame's payload: a realistic `agent_status_updated` (an agent with one call), the
 * same object for the server and the Socket.IO baseline.
 */
import type { EventPayloadMap } from "@acc/shared-types";

/** The `index`-th payload of a burst; only `lastUpdate` differs between payloads. */
export function fanoutPayload(index: number): EventPayloadMap["agent_status_updated"] {
  const at = new Date(Date.UTC(2026, 0, 1, 9, 0, 0) + index).toISOString();
  return {
    agentId: "bench-1",
    extension: "100000",
    agentName: "Bench Agent 1",
    status: "on_call",
    previousStatus: "ringing",
    activeCalls: [{ channelId: "1767258000.1234", sessionId: "call-1767258000.1234", startTime: at, customerNumber: "254712345678" }],
    callCount: 1,
    statusChangedAt: at,
    lastUpdate: at,
    capacity: { current: 1, max: 3, canTakeCall: true },
  };
}

/** The event name both servers send. */
export const fanoutEvent = "agent_status_updated";
