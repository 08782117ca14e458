/**
 * End to end, blind transfer of a connected call: to another agent (the first agent keeps its
 * slot until the target answers; a target who rejects gives the call back), and to a queue.
 * Real ari-client against the simulator, real Redis, real WebSocket screens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueConfigSchema } from "../../src/queues/queue-config.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("blind transfer", () => {
  let stack: Stack;
  let a1001: Screen;
  let a1002: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack({}, { queues: [queueConfigSchema.parse({ queueNumber: "7700", name: "Billing" })] });
    a1001 = await stack.screen("agent", "agent-1001");
    a1002 = await stack.screen("agent", "agent-1002");
    supervisor = await stack.screen("supervisor");
    await a1001.command({ type: "set_status", status: "available" });
    await a1002.command({ type: "set_status", status: "available" });
  });
  afterAll(() => stack.close());

  const connectedCall = async (callerNumber: string) => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber });
    const offer = await a1001.next("call_incoming", (d) => d.channelId === channel.id);
    await a1001.command({ type: "answer_call", sessionId: offer.sessionId });
    const bridged = await a1001.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    expect(bridged.controls.transfer).toBe(true);
    return { channel, sessionId: offer.sessionId };
  };

  it("moves the call to the target agent once it answers, and frees the first agent's slot only then", async () => {
    const { channel, sessionId } = await connectedCall("254700000201");
    const ack = await a1001.command({ type: "transfer_call", sessionId, target: "1002" });
    expect(ack).toMatchObject({ type: "ack", result: { state: "transferring", agentId: "agent-1002" } });
    await a1001.next("call_state_changed", (d) => d.sessionId === sessionId && d.change === "transfer" && d.transferTarget === "1002" && d.onHold);
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    expect(offer).toMatchObject({ callType: "transfer", transferredBy: "agent-1001", customerNumber: "254700000201" });
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current).toBe(1);

    await a1002.command({ type: "answer_call", sessionId: offer.sessionId });
    await a1002.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    const ended = await a1001.next("call_ended_normally", (d) => d.sessionId === sessionId);
    expect(ended).toMatchObject({ transferredTo: "1002", endedBy: "agent", wasConnected: true });
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current).toBe(0);
    // The first agent's leg is hung up right after the event; the customer stays up.
    await waitFor(async () => !(await stack.simulator.control.listChannels()).some((c) => c.id === `${sessionId}-agent`), "first agent's leg hung up");
    expect((await stack.simulator.control.listChannels()).some((c) => c.id === channel.id)).toBe(true);

    await stack.simulator.control.hangup(channel.id);
    const left = await a1002.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    expect(left.wasConnected).toBe(true);
    expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(0);
  });

  it("gives the call back to the first agent when the target rejects it", async () => {
    const { channel, sessionId } = await connectedCall("254700000202");
    await a1001.command({ type: "transfer_call", sessionId, target: "1002" });
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    await a1002.command({ type: "reject_call", sessionId: offer.sessionId });
    await a1002.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId);
    await a1001.next("call_state_changed", (d) => d.sessionId === sessionId && d.change === "unhold" && !d.onHold);
    expect((await stack.app.calls.sessions.getSession(sessionId))).toMatchObject({ state: "connected", transferTo: null });
    expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(0);
    await a1001.command({ type: "hangup_call", sessionId });
    await a1001.next("call_ended_normally", (d) => d.sessionId === sessionId);
  });

  it("sends the call to a queue and frees the agent at once", async () => {
    const { channel, sessionId } = await connectedCall("254700000203");
    const ack = await a1001.command({ type: "transfer_call", sessionId, target: "7700" });
    expect(ack).toMatchObject({ type: "ack", result: { queueNumber: "7700", state: "queued" } });
    const ended = await a1001.next("call_ended_normally", (d) => d.sessionId === sessionId);
    expect(ended.transferredTo).toBe("7700");
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.sessionId === sessionId && d.queueNumber === "7700");
    expect(waiting.channelId).toBe(channel.id);
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current).toBe(0);
    await stack.simulator.control.hangup(channel.id);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === sessionId && d.reason === "abandoned");
  });

  it("ends the target's offer too when the customer hangs up while the transfer rings, and frees both agents", async () => {
    const { channel, sessionId } = await connectedCall("254700000205");
    await a1001.command({ type: "transfer_call", sessionId, target: "1002" });
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    await stack.simulator.control.hangup(channel.id);
    await a1001.next("customer_left_bridge", (d) => d.sessionId === sessionId);
    const left = await a1002.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    expect(left.wasConnected).toBe(false);
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current).toBe(0);
    expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(0);
    expect(await stack.app.calls.sessions.listOpenSessions()).toEqual([]);
  });

  it("lets the transferring agent hang up while the target rings; the target still gets the customer", async () => {
    const { channel, sessionId } = await connectedCall("254700000206");
    await a1001.command({ type: "transfer_call", sessionId, target: "1002" });
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    await stack.simulator.control.hangup(`${sessionId}-agent`);
    await waitFor(async () => !(await stack.simulator.control.listChannels()).some((c) => c.id === `${sessionId}-agent`), "first agent's leg gone");
    expect((await stack.app.calls.sessions.getSession(sessionId))?.state).toBe("connected");
    await a1002.command({ type: "answer_call", sessionId: offer.sessionId });
    await a1002.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await a1001.next("call_ended_normally", (d) => d.sessionId === sessionId && d.transferredTo === "1002");
    await a1002.command({ type: "hangup_call", sessionId: offer.sessionId });
    await a1002.next("call_ended_normally", (d) => d.sessionId === offer.sessionId);
    expect(await stack.app.calls.sessions.listOpenSessions()).toEqual([]);
  });

  it("lets a supervisor transfer a waiting queue call to an agent's extension", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7700"], callerNumber: "254700000207" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    expect(await supervisor.command({ type: "transfer_call", sessionId: waiting.sessionId, target: "1002" })).toMatchObject({ type: "ack", result: { agentId: "agent-1002" } });
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "transferred");
    const offer = await a1002.next("call_incoming", (d) => d.sessionId === waiting.sessionId);
    await a1002.command({ type: "answer_call", sessionId: offer.sessionId });
    await a1002.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.hangup(channel.id);
    await a1002.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  });

  it("refuses a transfer of another agent's call, to an unknown target, or of a call not connected", async () => {
    const { sessionId } = await connectedCall("254700000204");
    expect(await a1002.command({ type: "transfer_call", sessionId, target: "1003" })).toMatchObject({ type: "error", code: "FORBIDDEN" });
    expect(await a1001.command({ type: "transfer_call", sessionId, target: "4242" })).toMatchObject({ type: "error", code: "NOT_FOUND" });
    expect(await a1001.command({ type: "transfer_call", sessionId, target: "1001" })).toMatchObject({ type: "error" });
    expect((await stack.app.calls.sessions.getSession(sessionId))?.state).toBe("connected");
    await a1001.command({ type: "hangup_call", sessionId });
  });
});
