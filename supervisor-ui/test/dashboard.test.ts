import { describe, expect, it } from "vitest";
import { dashboardReducer, initialDashboard, queueRows, serviceLevelOf, type DashboardAction, type DashboardState } from "../src/state/dashboard.js";
import { at, callBridged, callIncoming, customerLeft, frame, ms, queueCall, statusUpdated, systemState, systemStats } from "./support/frames.js";

function run(...actions: DashboardAction[]): DashboardState {
  return actions.reduce(dashboardReducer, initialDashboard());
}

const event = (f: ReturnType<typeof frame>, receivedAt = 0): DashboardAction => ({ type: "event", frame: f, receivedAt });

describe("dashboard reducer", () => {
  it("builds agents and waiting calls from system_state", () => {
    const state = run(
      event(
        frame(
          "system_state",
          systemState({
            activeCalls: [{ sessionId: "s9", channelId: "c9", agentId: "agent-1001", extension: "1001", customerNumber: "2547", callType: "direct", callIndex: 1, startTime: at(3), status: "connected" }],
            queueCalls: [{ sessionId: "q1", channelId: "qc1", customerNumber: "2548", callerName: "Unknown Caller", queuePosition: 1, estimatedWaitTime: 30, queueNumber: "5000", timestamp: at(1) }],
          }),
        ),
      ),
    );
    expect(Object.keys(state.agents).sort()).toEqual(["agent-1001", "agent-1003"]);
    expect(state.agents["agent-1001"]).toMatchObject({ status: "available", capacity: { max: 3, canTakeCall: true }, calls: [{ sessionId: "s9", phase: "connected", startTime: at(3) }] });
    expect(queueRows(state)).toMatchObject([{ sessionId: "q1", position: 1, waitingSince: at(1) }]);
  });

  it("follows a queue call from waiting to assigned, ringing, connected and gone", () => {
    let state = run(event(frame("system_state", systemState())), event(frame("incoming_queue_call", queueCall())));
    expect(queueRows(state)).toHaveLength(1);
    state = dashboardReducer(state, event(frame("queue_call_removed", { sessionId: "q1", queueNumber: "5000", reason: "assigned", waitedSeconds: 4, timestamp: at(24) })));
    expect(queueRows(state)).toEqual([]);
    state = dashboardReducer(state, event(frame("call_incoming", callIncoming({ sessionId: "q1", channelId: "qc1" }))));
    expect(state.agents["agent-1001"]?.calls).toMatchObject([{ sessionId: "q1", phase: "ringing" }]);
    state = dashboardReducer(state, event(frame("call_bridged_successfully", callBridged({ sessionId: "q1", channelId: "qc1" })), ms(15)));
    expect(state.agents["agent-1001"]?.calls).toMatchObject([{ sessionId: "q1", phase: "connected", startTime: at(15) }]);
    state = dashboardReducer(state, event(frame("customer_left_bridge", customerLeft({ sessionId: "q1", channelId: "qc1" }))));
    expect(state.agents["agent-1001"]?.calls).toEqual([]);
  });

  it("shifts a connected call's start by the frame's skew so the grid counts with one clock", () => {
    // The bridged frame arrives 3 s after its serverTimestamp by the local clock; the connection's offset is 0.
    const state = run(event(frame("system_state", systemState())), event(frame("call_bridged_successfully", callBridged()), ms(15) + 3000));
    expect(state.agents["agent-1001"]?.calls[0]?.startTime).toBe(at(18));
  });

  it("takes status, pause reason and calls from agent_status_updated", () => {
    const state = run(
      event(frame("system_state", systemState())),
      event(frame("agent_status_updated", statusUpdated({ agentId: "agent-1003", extension: "1003", agentName: "Amina Otieno", status: "paused", pauseReason: "training", statusChangedAt: at(9) }))),
    );
    expect(state.agents["agent-1003"]).toMatchObject({ status: "paused", pauseReason: "training", statusChangedAt: at(9) });
  });

  it("keeps the end of an agent's wrap-up for the countdown, across a snapshot too", () => {
    const wrapUp = statusUpdated({ status: "wrap_up", previousStatus: "on_call", statusChangedAt: at(40), wrapUpUntil: at(50) });
    const snapshot = systemState({ extensionStates: { "1001": { agentId: "agent-1001", status: "wrap_up", agentName: "John Doe", lastUpdate: at(41) } } });
    const state = run(event(frame("system_state", systemState())), event(frame("agent_status_updated", wrapUp)), event(frame("system_state", snapshot)));
    expect(state.agents["agent-1001"]).toMatchObject({ status: "wrap_up", statusChangedAt: at(40), wrapUpUntil: at(50) });
    const back = dashboardReducer(state, event(frame("agent_status_updated", statusUpdated({ status: "available", previousStatus: "wrap_up", statusChangedAt: at(50) }))));
    expect(back.agents["agent-1001"]?.wrapUpUntil).toBeUndefined();
  });

  it("keeps the pause reason and the status start across a snapshot when the status did not change", () => {
    const state = run(
      event(frame("agent_status_updated", statusUpdated({ agentId: "agent-1003", extension: "1003", agentName: "Amina Otieno", status: "paused", pauseReason: "training", statusChangedAt: at(9) }))),
      event(frame("system_state", systemState())),
    );
    expect(state.agents["agent-1003"]).toMatchObject({ status: "paused", pauseReason: "training", statusChangedAt: at(9) });
  });

  it("takes pause reason, status start and wrap-up end from a snapshot that carries them", () => {
    const snapshot = systemState({
      extensionStates: {
        "1001": { agentId: "agent-1001", status: "wrap_up", agentName: "John Doe", lastUpdate: at(41), statusChangedAt: at(40), wrapUpUntil: at(50) },
        "1003": { agentId: "agent-1003", status: "paused", agentName: "Amina Otieno", lastUpdate: at(12), statusChangedAt: at(9), pauseReason: "lunch" },
      },
    });
    const state = run(event(frame("system_state", snapshot)));
    expect(state.agents["agent-1001"]).toMatchObject({ status: "wrap_up", statusChangedAt: at(40), wrapUpUntil: at(50) });
    expect(state.agents["agent-1003"]).toMatchObject({ status: "paused", statusChangedAt: at(9), pauseReason: "lunch" });
  });

  it("updates position, estimate and priority from queue_call_updated, and ignores updates of unknown calls", () => {
    const update = (sessionId: string) =>
      frame("queue_call_updated", { sessionId, queueNumber: "5000", queuePosition: 2, estimatedWaitTime: 90, priority: 5, waitingSince: at(18), timestamp: at(25) });
    const state = run(event(frame("incoming_queue_call", queueCall())), event(update("q1")), event(update("unknown")));
    expect(queueRows(state)).toEqual([expect.objectContaining({ sessionId: "q1", position: 2, estimatedWaitTime: 90, priority: 5, waitingSince: at(18) })]);
  });

  it("orders waiting calls by queue, then position", () => {
    const state = run(
      event(frame("incoming_queue_call", queueCall({ sessionId: "a", queueNumber: "5001", queuePosition: 1 }))),
      event(frame("incoming_queue_call", queueCall({ sessionId: "b", queuePosition: 2 }))),
      event(frame("incoming_queue_call", queueCall({ sessionId: "c", queuePosition: 1 }))),
    );
    expect(queueRows(state).map((r) => r.sessionId)).toEqual(["c", "b", "a"]);
  });

  it("keeps system_stats and samples the charts with it", () => {
    const stats = systemStats({
      queues: {
        "5000": { waiting: 1, longestWait: 4, serviceLevel: 80, serviceLevelWithAbandoned: 70, abandoned: 1, abandonRate: 10, avgWait: 3, avgHandleTime: 40, agentsAvailable: 1, agentsOnCall: 1, agentsPaused: 0, agentsInWrapUp: 0 },
        "5001": { waiting: 0, longestWait: 0, serviceLevel: 100, serviceLevelWithAbandoned: 100, abandoned: 0, abandonRate: 0, avgWait: 0, avgHandleTime: 0, agentsAvailable: 1, agentsOnCall: 0, agentsPaused: 0, agentsInWrapUp: 0 },
      },
    });
    const state = run(event(frame("incoming_queue_call", queueCall())), event(frame("system_stats", stats), 5000));
    expect(state.stats?.totalSessions).toBe(12);
    expect(state.history).toEqual([{ at: 5000, waiting: 1, activeCalls: 0, serviceLevel: 90, abandonRate: 5 }]);
    expect(serviceLevelOf(systemStats())).toBeNull();
  });

  it("samples on the periodic tick too", () => {
    const state = run(event(frame("system_state", systemState())), event(frame("call_bridged_successfully", callBridged())), { type: "sample", at: 1000 }, { type: "sample", at: 7000 });
    expect(state.history.map((s) => [s.at, s.activeCalls])).toEqual([
      [1000, 1],
      [7000, 1],
    ]);
  });

  it("puts the server's chart history, on the server's clock, before the page's own samples", () => {
    // The server's clock is 2 s ahead of the page's.
    const connected: DashboardAction = { type: "connected", serverTime: 12_000, receivedAt: 10_000 };
    const server = [
      { at: 4_000, waiting: 3, activeCalls: 1, serviceLevel: 75, abandonRate: 12 },
      { at: 8_000, waiting: 2, activeCalls: 1, serviceLevel: 80, abandonRate: 10 },
    ];
    const state = run(connected, { type: "sample", at: 9_000 }, { type: "history", samples: server });
    expect(state.history.map((s) => [s.at, s.waiting])).toEqual([
      [2_000, 3],
      [6_000, 2],
      [9_000, 0],
    ]);
  });

  it("takes the last push from the history when the page has no newer figures", () => {
    const older = systemStats({ timestamp: at(10), totalSessions: 1 });
    const newer = systemStats({ timestamp: at(20), totalSessions: 2 });
    expect(run({ type: "history", samples: [], latest: older }).stats?.totalSessions).toBe(1);
    expect(run(event(frame("system_stats", newer)), { type: "history", samples: [], latest: older }).stats?.totalSessions).toBe(2);
    expect(run(event(frame("system_stats", older)), { type: "history", samples: [], latest: newer }).stats?.totalSessions).toBe(2);
  });

  it("keeps each agent's time in status across ringing and on-call flips", () => {
    const state = run(
      event(frame("system_state", systemState())),
      event(frame("agent_status_updated", statusUpdated({ status: "ringing", previousStatus: "available", statusChangedAt: at(10) }))),
      event(frame("agent_status_updated", statusUpdated({ status: "on_call", previousStatus: "ringing", statusChangedAt: at(14) }))),
      event(frame("agent_status_updated", statusUpdated({ status: "ringing", previousStatus: "on_call", statusChangedAt: at(60) }))),
    );
    expect(state.agents["agent-1001"]).toMatchObject({ status: "ringing", statusChangedAt: at(10) });
  });

  it("remembers the latest refused calls, newest first", () => {
    const refused = (n: number) =>
      frame("call_refused", { sessionId: `r${n}`, channelId: `rc${n}`, extension: "1003", agentId: "agent-1003", customerNumber: "2549", callerName: "Unknown Caller", reason: "agent_paused", timestamp: at(n) });
    const state = run(...[1, 2, 3, 4, 5, 6].map((n) => event(refused(n))));
    expect(state.refused.map((r) => r.sessionId)).toEqual(["r6", "r5", "r4", "r3", "r2"]);
  });
});
