import { describe, expect, it } from "vitest";
import { agentScreenReducer, initialAgentScreen, ringingCalls, type AgentScreenAction, type AgentScreenState } from "../src/state/agent-screen.js";
import { at, callBridged, callIncoming, customerLeft, frame, ms, statusUpdated, systemState } from "./support/frames.js";

function run(...actions: AgentScreenAction[]): AgentScreenState {
  return actions.reduce(agentScreenReducer, initialAgentScreen("agent-1001"));
}

const event = (f: ReturnType<typeof frame>, receivedAt = 0): AgentScreenAction => ({ type: "event", frame: f, receivedAt });

describe("agent screen reducer", () => {
  it("takes the agent's own status and capacity from system_state", () => {
    const state = run(event(frame("system_state", systemState())));
    expect(state.self).toMatchObject({ agentId: "agent-1001", extension: "1001", status: "available", capacity: { current: 0, max: 3 } });
    expect(state.calls).toEqual([]);
  });

  it("shows a ringing card for call_incoming with caller, origin and ring deadline", () => {
    const state = run(event(frame("system_state", systemState())), event(frame("call_incoming", callIncoming())));
    expect(ringingCalls(state)).toHaveLength(1);
    expect(state.calls[0]).toMatchObject({ phase: "ringing", callerName: "Grace Wanjiru", callType: "queue", queueNumber: "5000", ringDeadline: at(30) });
  });

  it("connects the card on call_bridged_successfully and keeps the skew of that frame", () => {
    // The frame says the server's clock read 10:30:15; it arrived when the local clock read 2 s later.
    const state = run(event(frame("call_incoming", callIncoming())), event(frame("call_bridged_successfully", callBridged()), ms(15) + 2000));
    expect(state.calls[0]).toMatchObject({ phase: "connected", timerStartTime: at(15), offsetMs: -2000, controls: { hold: true, record: false } });
    expect(ringingCalls(state)).toEqual([]);
  });

  it("declines the card when the customer leaves, with the reason and the durations", () => {
    const state = run(event(frame("call_incoming", callIncoming())), event(frame("call_bridged_successfully", callBridged())), event(frame("customer_left_bridge", customerLeft())));
    expect(state.calls[0]).toMatchObject({ phase: "ended", outcome: { kind: "customer_left", reason: "customer_disconnected", callDuration: 60, totalDuration: 65 } });
    const dismissed = agentScreenReducer(state, { type: "dismiss", sessionId: "s1" });
    expect(dismissed.calls).toEqual([]);
  });

  it("shows a summary for call_ended_normally", () => {
    const ended = frame("call_ended_normally", {
      sessionId: "s1",
      channelId: "c1",
      agentId: "agent-1001",
      extension: "1001",
      customerNumber: "254712345678",
      callIndex: 1,
      endedBy: "agent",
      endedAt: at(80),
      callDuration: 65,
      totalDuration: 70,
      wasConnected: true,
      timestamp: at(80),
    });
    const state = run(event(frame("call_incoming", callIncoming())), event(ended));
    expect(state.calls[0]?.outcome).toMatchObject({ kind: "ended", endedBy: "agent", callDuration: 65 });
  });

  it("removes the card on agent_rejected_call", () => {
    const rejected = frame("agent_rejected_call", {
      sessionId: "s1",
      channelId: "c1",
      agentId: "agent-1001",
      extension: "1001",
      customerNumber: "254712345678",
      callIndex: 1,
      reason: "rejected",
      returnedToQueue: false,
      rejectedAt: at(12),
      timestamp: at(12),
    });
    const state = run(event(frame("call_incoming", callIncoming())), event(rejected));
    expect(state.calls).toEqual([]);
  });

  it("keeps ringing cards on top, then calls on the line, then ended ones, by call index within each", () => {
    const state = run(
      event(frame("call_incoming", callIncoming())),
      event(frame("call_bridged_successfully", callBridged())),
      event(frame("call_incoming", callIncoming({ sessionId: "s2", channelId: "c2", callIndex: 2 }))),
      event(frame("customer_left_bridge", customerLeft({ sessionId: "s2", channelId: "c2", callIndex: 2, wasConnected: false }))),
      event(frame("call_incoming", callIncoming({ sessionId: "s4", channelId: "c4", callIndex: 4 }))),
      event(frame("customer_left_bridge", customerLeft({ sessionId: "s4", channelId: "c4", callIndex: 4, wasConnected: false }))),
      // A new offer arrives on line 3, between the two ended cards' line numbers.
      event(frame("call_incoming", callIncoming({ sessionId: "s3", channelId: "c3", callIndex: 3 }))),
    );
    expect(state.calls.map((c) => [c.sessionId, c.phase])).toEqual([
      ["s3", "ringing"],
      ["s1", "connected"],
      ["s2", "ended"],
      ["s4", "ended"],
    ]);
  });

  it("leaves a missed-call card when the offer rang out, and none when the agent rejected it", () => {
    const rangOut = frame("agent_rejected_call", {
      sessionId: "s1",
      channelId: "c1",
      agentId: "agent-1001",
      extension: "1001",
      customerNumber: "254712345678",
      callIndex: 1,
      reason: "ring_timeout",
      returnedToQueue: true,
      rejectedAt: at(30),
      timestamp: at(30),
    });
    const state = run(event(frame("call_incoming", callIncoming())), event(rangOut));
    expect(state.calls).toHaveLength(1);
    expect(state.calls[0]).toMatchObject({ phase: "ended", callerName: "Grace Wanjiru", outcome: { kind: "missed", reason: "ring_timeout", returnedToQueue: true, at: at(30) } });
    expect(ringingCalls(state)).toEqual([]);
    expect(agentScreenReducer(state, { type: "dismiss", sessionId: "s1" }).calls).toEqual([]);
  });

  it("restores a ringing call from system_state with caller, origin and ring deadline (a reload)", () => {
    const snapshot = systemState({
      activeCalls: [
        {
          sessionId: "s1",
          channelId: "c1",
          agentId: "agent-1001",
          extension: "1001",
          customerNumber: "254712345678",
          callType: "queue",
          callIndex: 1,
          startTime: at(10),
          status: "ringing",
          callerName: "Grace Wanjiru",
          queueNumber: "5000",
          ringTimeout: 20,
          ringDeadline: at(30),
        },
      ],
    });
    const state = run(event(frame("system_state", snapshot)));
    expect(state.calls[0]).toMatchObject({ phase: "ringing", callerName: "Grace Wanjiru", callType: "queue", queueNumber: "5000", ringTimeout: 20, ringDeadline: at(30) });
  });

  it("keeps the start of time in status across ringing, on call and multi-call flips", () => {
    const ringing = statusUpdated({ status: "ringing", previousStatus: "available", statusChangedAt: at(10), capacity: { current: 1, max: 3, canTakeCall: true } });
    const onCall = statusUpdated({ status: "on_call", previousStatus: "ringing", statusChangedAt: at(15), capacity: { current: 1, max: 3, canTakeCall: true } });
    const multi = statusUpdated({ status: "multi_call", previousStatus: "on_call", statusChangedAt: at(40), capacity: { current: 2, max: 3, canTakeCall: true } });
    const back = statusUpdated({ status: "available", previousStatus: "on_call", statusChangedAt: at(90) });
    const held = run(event(frame("agent_status_updated", ringing)), event(frame("agent_status_updated", onCall)), event(frame("agent_status_updated", multi)));
    expect(held.self).toMatchObject({ status: "multi_call", statusChangedAt: at(10) });
    expect(agentScreenReducer(held, event(frame("agent_status_updated", back))).self).toMatchObject({ status: "available", statusChangedAt: at(90) });
  });

  it("ignores a dismiss of a live call, so only ended cards can be dismissed", () => {
    const state = run(event(frame("call_incoming", callIncoming())), { type: "dismiss", sessionId: "s1" });
    expect(state.calls).toHaveLength(1);
  });

  it("follows agent_status_updated: status, pause reason, capacity, wrap-up end", () => {
    const paused = run(event(frame("agent_status_updated", statusUpdated({ status: "paused", pauseReason: "lunch", capacity: { current: 0, max: 3, canTakeCall: false } }))));
    expect(paused.self).toMatchObject({ status: "paused", pauseReason: "lunch", statusChangedAt: at(5) });
    const wrap = agentScreenReducer(paused, event(frame("agent_status_updated", statusUpdated({ status: "wrap_up", wrapUpUntil: at(40) }))));
    expect(wrap.self).toMatchObject({ status: "wrap_up", wrapUpUntil: at(40) });
    expect(wrap.self?.pauseReason).toBeUndefined();
  });

  it("applies hold and mute from call_state_changed", () => {
    const held = frame("call_state_changed", {
      sessionId: "s1",
      channelId: "c1",
      agentId: "agent-1001",
      extension: "1001",
      channelRole: "customer",
      change: "hold",
      state: "Up",
      onHold: true,
      muted: "both",
      timestamp: at(20),
    });
    const state = run(event(frame("call_incoming", callIncoming())), event(frame("call_bridged_successfully", callBridged())), event(held));
    expect(state.calls[0]).toMatchObject({ onHold: true, muted: "both" });
  });

  it("rebuilds live calls from system_state after a reconnect, keeping what the cards knew and the ended cards", () => {
    const before = run(
      event(frame("call_incoming", callIncoming())),
      event(frame("call_incoming", callIncoming({ sessionId: "s2", channelId: "c2", callIndex: 2 }))),
      event(frame("call_incoming", callIncoming({ sessionId: "s3", channelId: "c3", callIndex: 3 }))),
      event(frame("customer_left_bridge", customerLeft({ sessionId: "s3", channelId: "c3", callIndex: 3 }))),
    );
    // While the screen was away s1 was answered and s2 ended; the snapshot lists only s1, connected.
    const snapshot = systemState({
      activeCalls: [{ sessionId: "s1", channelId: "c1", agentId: "agent-1001", extension: "1001", customerNumber: "254712345678", callType: "queue", callIndex: 1, startTime: at(50), status: "connected" }],
      agentsWithCapacity: [{ agentId: "agent-1001", extension: "1001", agentName: "John Doe", currentCalls: 1, maxCalls: 3, canTakeCall: true }],
    });
    const after = agentScreenReducer(before, event(frame("system_state", snapshot)));
    expect(after.calls.map((c) => [c.sessionId, c.phase])).toEqual([
      ["s1", "connected"],
      ["s3", "ended"],
    ]);
    expect(after.calls[0]).toMatchObject({ callerName: "Grace Wanjiru", timerStartTime: at(50) });
    expect(after.self?.capacity.current).toBe(1);
  });

  it("sets the clock offset from the connected frame", () => {
    const state = agentScreenReducer(initialAgentScreen("agent-1001"), { type: "connected", serverTime: 10_500, receivedAt: 10_000 });
    expect(state.clockOffsetMs).toBe(500);
  });

  it("ignores another agent's events", () => {
    const state = run(event(frame("call_incoming", callIncoming({ agentId: "agent-1002", extension: "1002" }))));
    expect(state.calls).toEqual([]);
  });
});
