/**
 * End to end: queue calls waiting for a supervisor's assignment, and agent legs that fail. Real
 * ari-client against the simulator, real Redis, real WebSocket screens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("queue calls", () => {
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1002");
    supervisor = await stack.screen("supervisor");
    await agent.command({ type: "set_status", status: "available" });
  });
  afterAll(() => stack.close());

  it("shows a waiting call to supervisors, who assign it to an agent; two assignments race, one wins", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "8000"], callerNumber: "254711000001" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    expect(waiting).toMatchObject({ queueNumber: "8000", queuePosition: 1, actions: { assignToAgent: true, hangup: true } });
    expect(waiting.availableAgents.map((a) => a.agentId)).toEqual(["agent-1002"]);
    expect(agent.events("incoming_queue_call")).toHaveLength(0);

    const [first, second] = await Promise.all([
      supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1002" }),
      supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1002" }),
    ]);
    expect([first.type, second.type].sort()).toEqual(["ack", "error"]);
    expect([first, second].find((r) => r.type === "error")).toMatchObject({ code: "CONFLICT" });
    const offer = await agent.next("call_incoming", (d) => d.sessionId === waiting.sessionId);
    expect(offer.callType).toBe("queue");
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "assigned");

    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  });

  it("counts a caller who hangs up while waiting as abandoned", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "8000"], callerNumber: "254711000002" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    await stack.simulator.control.hangup(channel.id);
    const removed = await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId);
    expect(removed.reason).toBe("abandoned");
    const refused = await supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1002" });
    expect(refused).toMatchObject({ type: "error", code: "NOT_FOUND" });
  });

  it("refuses an assignment to an agent without capacity, and nothing changes", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "8000"], callerNumber: "254711000003" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    const refused = await supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1001" });
    expect(refused).toMatchObject({ type: "error", code: "CONFLICT" });
    expect((await stack.app.calls.sessions.getSession(waiting.sessionId))?.state).toBe("queued");
    expect(await supervisor.command({ type: "hangup_queue_call", sessionId: waiting.sessionId })).toMatchObject({ type: "ack" });
    expect((await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId)).reason).toBe("hung_up");
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === channel.id), "caller hung up");
  });

  it("lets only supervisors assign queue calls", async () => {
    const refused = await agent.command({ type: "assign_queue_call", sessionId: "any", agentId: "agent-1002" });
    expect(refused).toMatchObject({ type: "error", code: "FORBIDDEN" });
  });
});

describe("agent leg failures", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack({ AGENT_ENDPOINT: "PJSIP/{extension}" });
    agent = await stack.screen("agent", "agent-1002");
    await agent.command({ type: "set_status", status: "available" });
  });
  afterAll(() => stack.close());

  for (const [behaviour, reason] of [
    [{ kind: "busy" }, "agent_busy"],
    [{ kind: "congestion" }, "agent_unreachable"],
  ] as const) {
    it(`ends the call as ${reason} when the agent's phone is ${behaviour.kind}`, async () => {
      stack.simulator.control.setEndpointBehaviour("PJSIP/1002", behaviour);
      const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254722000001" });
      const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
      expect((await agent.command({ type: "answer_call", sessionId: offer.sessionId })).type).toBe("ack");
      const rejected = await agent.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId);
      expect(rejected.reason).toBe(reason);
      await waitFor(() => stack.simulator.control.listChannels().length === 0, "customer released");
      expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(0);
    });
  }
});
