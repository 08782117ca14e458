/**
 * ARI drops (issue 10.2): the ARI WebSocket is cut, or Asterisk restarts, while calls are up, and
 * channels hang up meanwhile, so their events are lost. When the connection is up again the server
 * reconciles: calls whose channels went away end once, the rest go on, nothing is leaked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueConfigSchema } from "../../src/queues/queue-config.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("ARI drops under calls", () => {
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack({ RING_TIMEOUT_S: "120" }, { queues: [queueConfigSchema.parse({ queueNumber: "7000", name: "Manual", strategy: "manual" })] });
    agent = await stack.screen("agent", "agent-1001");
    supervisor = await stack.screen("supervisor");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
  });
  afterAll(() => stack.close());

  const callCount = async () => (await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current;

  async function bridgedCall(callerNumber: string) {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    expect((await agent.command({ type: "answer_call", sessionId: offer.sessionId })).type).toBe("ack");
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    return offer;
  }

  it("ends the calls whose callers hung up while the WebSocket was cut, and keeps the others", async () => {
    const leaves = await bridgedCall("254755000001");
    const stays = await bridgedCall("254755000002");
    const rings = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254755000003" });
    const ringing = await agent.next("call_incoming", (d) => d.channelId === rings.id);
    const queued = await stack.simulator.control.injectCall({ args: ["queue", "7000"], callerNumber: "254755000004" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === queued.id);
    expect(await callCount()).toBe(3);

    expect(stack.simulator.control.cutEventSockets()).toBe(1);
    // Hung up before the server reconnects: their StasisEnd and ChannelDestroyed are never sent.
    stack.simulator.control.hangup(leaves.channelId);
    stack.simulator.control.hangup(queued.id);

    const left = await agent.next("customer_left_bridge", (d) => d.sessionId === leaves.sessionId, 15_000);
    expect(left.reason).toBe("customer_disconnected");
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "abandoned", 15_000);
    await waitFor(async () => (await callCount()) === 2, "the slot of the call that ended released");
    expect((await stack.app.calls.sessions.getSession(stays.sessionId))?.state).toBe("connected");
    expect((await stack.app.calls.sessions.getSession(ringing.sessionId))?.state).toBe("ringing");
    const leftSession = await stack.app.calls.sessions.getSession(leaves.sessionId);
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === leftSession?.agentChannelId), "the agent leg of the ended call hung up");
    const staysBridge = (await stack.app.calls.sessions.getSession(stays.sessionId))?.bridgeId;
    // The mixing bridge of the ended call and the queue's emptied holding bridge are destroyed.
    await waitFor(() => stack.simulator.control.listBridges().length === 1, "stray bridges destroyed");
    expect(stack.simulator.control.listBridges().map((b) => b.id)).toEqual([staysBridge]);

    // The calls that went on still end as usual, once.
    stack.simulator.control.hangup(stays.channelId);
    stack.simulator.control.hangup(rings.id);
    await waitFor(async () => (await callCount()) === 0, "every slot released");
    await waitFor(() => stack.simulator.control.listChannels().length === 0 && stack.simulator.control.listBridges().length === 0, "nothing left on the simulator");
    expect(agent.events("customer_left_bridge").filter((d) => d.sessionId === leaves.sessionId)).toHaveLength(1);
  });

  it("ends every call when Asterisk restarts (its channels vanish without events) and releases every slot", async () => {
    const talking = await bridgedCall("254755000011");
    const rings = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254755000012" });
    const ringing = await agent.next("call_incoming", (d) => d.channelId === rings.id);
    const queued = await stack.simulator.control.injectCall({ args: ["queue", "7000"], callerNumber: "254755000013" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === queued.id);
    expect(await callCount()).toBe(2);

    await stack.simulator.restart({ downMs: 300 });

    await agent.next("customer_left_bridge", (d) => d.sessionId === talking.sessionId, 20_000);
    await agent.next("customer_left_bridge", (d) => d.sessionId === ringing.sessionId, 20_000);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "abandoned", 20_000);
    await waitFor(async () => (await callCount()) === 0, "every slot released");
    expect(await stack.app.calls.sessions.listOpenSessions()).toEqual([]);
    expect(stack.simulator.control.listChannels()).toEqual([]);
    expect(stack.simulator.control.listBridges()).toEqual([]);

    // The server takes calls again after the restart.
    const after = await bridgedCall("254755000014");
    stack.simulator.control.hangup(after.channelId);
    await agent.next("customer_left_bridge", (d) => d.sessionId === after.sessionId);
    await waitFor(async () => (await callCount()) === 0, "the new call's slot released");
  });
});
