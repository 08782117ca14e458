/**
 * Calls whose customer channel is gone on Asterisk although no StasisEnd reached the server (issue
 * 13.1): ARI's "Channel not found" for the customer ends the call once as the customer leaving;
 * it never returns the call to its queue, and distribution never offers such a call.
 *
 * Each session is written to Redis through the server's own store for a customer channel that does
 * not exist on the simulator: the state a missed StasisEnd leaves behind. Everything after that
 * (the agent leg, its StasisStart, the bridge request, distribution) is the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueConfigSchema } from "../../src/queues/queue-config.js";
import { agentLegArgs, agentLegChannelId, bridgeIdForSession } from "../../src/calls/stasis-args.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("a customer channel gone without a StasisEnd", () => {
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack({}, {
      queues: [
        queueConfigSchema.parse({ queueNumber: "7000", name: "Manual", strategy: "manual" }),
        queueConfigSchema.parse({ queueNumber: "7100", name: "Auto", strategy: "longest-idle", members: ["agent-1002"] }),
      ],
    });
    agent = await stack.screen("agent", "agent-1002");
    supervisor = await stack.screen("supervisor");
    // The start's reconciliation must not be what ends the sessions below.
    await stack.app.reconcile.idle();
  });
  afterAll(() => stack.close());

  /** A queued session in Redis whose customer channel `channelId` is not on Asterisk. */
  async function ghostQueueCall(channelId: string, queueNumber: string) {
    const created = await stack.app.calls.sessions.createSession(
      { kind: "queue", sessionId: `call-${channelId}`, customerChannelId: channelId, customerNumber: "254744000001", callerName: "Ghost", queueNumber },
      Date.now(),
    );
    if (!created.ok) throw new Error(created.message);
    return created.session;
  }

  it("ends a connecting queue call once when joining the bridge finds the customer gone, instead of re-queueing it", async () => {
    const ghost = await ghostQueueCall("gone-customer-1", "7000");
    const calls = stack.app.calls;
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    const now = Date.now();
    const reserved = await calls.sessions.reserveSlot(ghost.sessionId, "agent-1002", now + 60_000, now);
    if (!reserved.ok) throw new Error(reserved.message);
    const connecting = await calls.sessions.markConnecting(ghost.sessionId, "agent-1002", now);
    if (!connecting.ok) throw new Error(connecting.message);
    // What answer_call does: the session's bridge, the agent leg recorded, then originated.
    await calls.ari.createBridge({ type: "mixing", bridgeId: bridgeIdForSession(connecting.session), name: ghost.sessionId });
    const legId = agentLegChannelId(ghost.sessionId, connecting.session.offerCount);
    expect(await calls.sessions.attachAgentChannel(ghost.sessionId, legId)).toMatchObject({ ok: true });
    await calls.ari.originate({ endpoint: "Local/1002@agents", app: calls.settings.app, appArgs: agentLegArgs(ghost.sessionId), channelId: legId, timeoutS: 30 });

    await waitFor(async () => (await calls.sessions.getSession(ghost.sessionId))?.released === true, "the session to end");
    const ended = await calls.sessions.getSession(ghost.sessionId);
    expect(ended?.endReason).toBe("customer_left");
    await agent.next("customer_left_bridge", (d) => d.sessionId === ghost.sessionId);
    expect(agent.events("customer_left_bridge").filter((d) => d.sessionId === ghost.sessionId)).toHaveLength(1);
    expect(agent.events("agent_rejected_call").filter((d) => d.sessionId === ghost.sessionId)).toEqual([]);
    expect(supervisor.events("incoming_queue_call").filter((d) => d.sessionId === ghost.sessionId)).toEqual([]);
    await waitFor(async () => (await calls.agents.getAgent("agent-1002"))?.capacity.current === 0, "the slot released");
    await waitFor(() => stack.simulator.control.listChannels().length === 0 && stack.simulator.control.listBridges().length === 0, "the agent leg and the bridge gone");
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });

  it("never offers a waiting call whose customer is gone: distribution ends it as abandoned", async () => {
    const ghost = await ghostQueueCall("gone-customer-2", "7100");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    await supervisor.next("queue_call_removed", (d) => d.sessionId === ghost.sessionId);
    expect(supervisor.events("queue_call_removed").find((d) => d.sessionId === ghost.sessionId)?.reason).toBe("abandoned");
    expect((await stack.app.calls.sessions.getSession(ghost.sessionId))?.offerCount).toBe(0);
    expect(agent.events("call_incoming").filter((d) => d.sessionId === ghost.sessionId)).toEqual([]);
    expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(0);
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });

  it("refuses a supervisor's assignment of a call whose customer is gone, and ends it", async () => {
    const ghost = await ghostQueueCall("gone-customer-3", "7000");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    const refused = await supervisor.command({ type: "assign_queue_call", sessionId: ghost.sessionId, agentId: "agent-1002" });
    expect(refused).toMatchObject({ type: "error", code: "NOT_FOUND" });
    expect((await stack.app.calls.sessions.getSession(ghost.sessionId))?.released).toBe(true);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === ghost.sessionId && d.reason === "abandoned");
    expect(agent.events("call_incoming").filter((d) => d.sessionId === ghost.sessionId)).toEqual([]);
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });
});
