/**
 * End to end: real ari-client against the simulator, real Redis, real WebSocket screens. Each
 * lifecycle of a direct call to an agent, as the screens see it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("direct call to an agent", () => {
  let stack: Stack;
  let agent: Screen;
  let otherAgent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack({ RING_TIMEOUT_S: "2" });
    agent = await stack.screen("agent", "agent-1001");
    otherAgent = await stack.screen("agent", "agent-1002");
    supervisor = await stack.screen("supervisor");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    expect((await otherAgent.command({ type: "set_status", status: "available" })).type).toBe("ack");
  });
  afterAll(() => stack.close());
  afterEach(async () => {
    // Every test leaves no call behind: capacity is back to zero and no session is open.
    await waitFor(async () => (await stack.app.calls.sessions.listOpenSessions()).length === 0, "all sessions ended");
    const agent1001 = await stack.app.calls.agents.getAgent("agent-1001");
    expect(agent1001?.capacity.current).toBe(0);
    expect(agent1001?.status).toBe("available");
    expect(agent.invalid).toEqual([]);
    expect(supervisor.invalid).toEqual([]);
  });

  async function ring(callerNumber: string) {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber, callerName: "Alice" });
    const offer = await agent.next("call_incoming", (d) => d.customerNumber === callerNumber);
    return { channel, offer };
  }

  it("rings the agent's screen, bridges on answer and ends when the customer hangs up", async () => {
    const { channel, offer } = await ring("254700000001");
    expect(offer).toMatchObject({ agentId: "agent-1001", extension: "1001", agentName: "John Doe", callIndex: 1, maxCalls: 3, canAnswer: true, callerName: "Alice" });
    await supervisor.next("call_incoming", (d) => d.sessionId === offer.sessionId);
    await agent.next("agent_status_updated", (d) => d.status === "ringing");

    const ack = await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    expect(ack).toMatchObject({ type: "ack", success: true });
    const bridged = await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    expect(bridged.startTimer).toBe(true);
    expect(Date.parse(bridged.timerStartTime)).toBeLessThanOrEqual(bridged.serverTimestamp);
    expect(bridged.controls).toMatchObject({ hold: true, mute: true, hangup: true });
    await agent.next("agent_status_updated", (d) => d.status === "on_call" && d.callCount === 1);

    await stack.simulator.control.hangup(channel.id);
    const left = await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    expect(left).toMatchObject({ autoDecline: true, wasConnected: true, wasAnswered: true, reason: "customer_disconnected" });
    expect(left.totalDuration).toBeGreaterThanOrEqual(left.callDuration);
    await agent.next("agent_status_updated", (d) => d.status === "available" && d.previousStatus === "on_call");
    // The agent leg is hung up and the bridge destroyed: nothing is left on the PBX.
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "no channels left");
    await waitFor(() => stack.simulator.control.listBridges().length === 0, "no bridges left");
  });

  it("ends the call with call_ended_normally when the agent hangs up from the screen", async () => {
    const { offer } = await ring("254700000002");
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    const ack = await agent.command({ type: "hangup_call", sessionId: offer.sessionId });
    expect(ack.type).toBe("ack");
    const ended = await agent.next("call_ended_normally", (d) => d.sessionId === offer.sessionId);
    expect(ended).toMatchObject({ endedBy: "agent", wasConnected: true });
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "customer hung up");
    expect(agent.events("customer_left_bridge").some((d) => d.sessionId === offer.sessionId)).toBe(false);
  });

  it("gives the customer busy and tells the screens when the agent rejects", async () => {
    const { channel, offer } = await ring("254700000003");
    const ack = await agent.command({ type: "reject_call", sessionId: offer.sessionId });
    expect(ack.type).toBe("ack");
    const rejected = await supervisor.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId);
    expect(rejected.reason).toBe("rejected");
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === channel.id), "customer hung up");
  });

  it("ends an unanswered offer after the ring timeout", async () => {
    const { offer } = await ring("254700000004");
    const rejected = await agent.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId, 8000);
    expect(rejected.reason).toBe("ring_timeout");
  });

  it("refuses an agent acting on another agent's call, and nothing changes", async () => {
    const { channel, offer } = await ring("254700000005");
    const refused = await otherAgent.command({ type: "answer_call", sessionId: offer.sessionId });
    expect(refused).toMatchObject({ type: "error", code: "FORBIDDEN" });
    const session = await stack.app.calls.sessions.getSession(offer.sessionId);
    expect(session?.state).toBe("ringing");
    await stack.simulator.control.hangup(channel.id);
    const left = await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    expect(left).toMatchObject({ wasConnected: false, wasAnswered: false, callDuration: 0 });
  });

  it("holds and mutes a connected call and reflects it as call_state_changed", async () => {
    const { channel, offer } = await ring("254700000006");
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    expect(await agent.command({ type: "hold_call", sessionId: offer.sessionId })).toMatchObject({ type: "ack", result: { onHold: true } });
    await agent.next("call_state_changed", (d) => d.sessionId === offer.sessionId && d.change === "hold" && d.onHold);
    expect(await agent.command({ type: "mute_call", sessionId: offer.sessionId, direction: "in" })).toMatchObject({ type: "ack", result: { muted: "in" } });
    await supervisor.next("call_state_changed", (d) => d.sessionId === offer.sessionId && d.change === "mute" && d.muted === "in");
    expect(await agent.command({ type: "unhold_call", sessionId: offer.sessionId })).toMatchObject({ type: "ack", result: { onHold: false } });
    await stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  });

  it("takes three calls at once as multi_call and refuses a fourth with busy", async () => {
    const calls = [];
    for (const n of ["7", "8", "9"]) calls.push(await ring(`25470000001${n}`));
    expect(calls.map((c) => c.offer.callIndex).sort()).toEqual([1, 2, 3]);
    for (const { offer } of calls) await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("agent_status_updated", (d) => d.status === "multi_call" && d.callCount === 3);
    const fourth = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000020" });
    const refused = await supervisor.next("call_refused", (d) => d.channelId === fourth.id);
    expect(refused.reason).toBe("no_capacity");
    expect(agent.events("call_incoming").some((d) => d.channelId === fourth.id)).toBe(false);
    const held = await stack.app.calls.agents.getAgent("agent-1001");
    expect(held?.capacity).toMatchObject({ current: 3, max: 3, canTakeCall: false });
    for (const { channel } of calls) await stack.simulator.control.hangup(channel.id);
  });

  it("refuses calls to an offline agent and to an unknown extension", async () => {
    const offline = await stack.simulator.control.injectCall({ args: ["agent", "1003"], callerNumber: "254700000030" });
    expect((await supervisor.next("call_refused", (d) => d.channelId === offline.id)).reason).toBe("agent_offline");
    const unknown = await stack.simulator.control.injectCall({ args: ["agent", "1999"], callerNumber: "254700000031" });
    expect((await supervisor.next("call_refused", (d) => d.channelId === unknown.id)).reason).toBe("unknown_extension");
  });

  it("ignores a repeated StasisEnd: the slot is released once and one event is sent", async () => {
    const seen: Array<{ type: string; channel?: { id: string } }> = [];
    const listener = (event: { type: string; channel?: { id: string } }) => seen.push(event);
    stack.app.ari.on("event", listener as never);
    const { channel, offer } = await ring("254700000040");
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    stack.app.ari.off("event", listener as never);
    const stasisEnd = seen.find((e) => e.type === "StasisEnd" && e.channel?.id === channel.id);
    expect(stasisEnd).toBeDefined();
    const { routeAriEvent } = await import("../../src/calls/ari-event-router.js");
    await routeAriEvent(stack.app.calls, stasisEnd as never);
    await routeAriEvent(stack.app.calls, stasisEnd as never);
    expect(agent.events("customer_left_bridge").filter((d) => d.sessionId === offer.sessionId)).toHaveLength(1);
  });
});
