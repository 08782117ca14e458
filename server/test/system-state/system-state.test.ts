/** system_state on the real path: what a screen that connects mid-call sees, reduced to its role. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("system_state", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1001");
    await agent.command({ type: "set_status", status: "available" });
    await (await stack.screen("agent", "agent-1002")).command({ type: "set_status", status: "paused", reason: "lunch" });
  });
  afterAll(() => stack.close());

  it("gives a second agent screen its own calls and status only, and supervisors everyone and every call", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000401" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    const waiting = await stack.simulator.control.injectCall({ args: ["queue", "8000"], callerNumber: "254700000402" });

    const second = await stack.screen("agent", "agent-1001");
    const mine = second.events("system_state")[0]!;
    expect(Object.keys(mine.extensionStates)).toEqual(["1001"]);
    expect(mine.extensionStates["1001"]).toMatchObject({ agentId: "agent-1001", status: "on_call" });
    expect(mine.activeCalls).toEqual([expect.objectContaining({ sessionId: offer.sessionId, agentId: "agent-1001", status: "connected", customerNumber: "254700000401" })]);
    expect(mine.agentsWithCapacity).toEqual([expect.objectContaining({ agentId: "agent-1001", currentCalls: 1, maxCalls: 3 })]);
    expect(mine.queueCalls).toEqual([]);

    await waitFor(async () => (await stack.app.calls.queueStore.waitingSessionIds("8000")).length === 1, "the queue call waiting");
    const supervisor = await stack.screen("supervisor");
    const all = supervisor.events("system_state")[0]!;
    expect(Object.keys(all.extensionStates)).toEqual(["1001", "1002", "1003"]);
    expect(all.extensionStates["1002"]).toMatchObject({ status: "paused", pauseReason: "lunch" });
    expect(all.activeCalls.map((c) => c.sessionId)).toEqual([offer.sessionId]);
    expect(all.queueCalls.map((q) => q.channelId)).toEqual([waiting.id]);
  });

  it("gives a call that is still ringing the caller name, call type and ring deadline of its call_incoming", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000403", callerName: "Reload Test" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    const reloaded = await stack.screen("agent", "agent-1001");
    const ringing = reloaded.events("system_state")[0]!.activeCalls.find((c) => c.sessionId === offer.sessionId);
    expect(ringing).toMatchObject({
      status: "ringing",
      callerName: "Reload Test",
      callType: offer.callType,
      ringTimeout: offer.ringTimeout,
      ringDeadline: offer.ringDeadline,
    });
    await agent.command({ type: "reject_call", sessionId: offer.sessionId });
  });
});
