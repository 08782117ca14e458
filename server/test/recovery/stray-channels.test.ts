/**
 * Channels in the Stasis app that Redis does not know, found by reconciliation: a customer whose
 * StasisStart never reached the call flow is adopted as the call its arguments say, and a channel
 * with arguments the server does not understand is hung up. An agent leg that answered unheard is
 * bridged with its customer. The StasisStart is lost by taking the
 * call flow off the ARI connection's events while the call arrives; everything else is real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AriEvent } from "../../src/ari/index.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";
import { startReconcileTrigger } from "../../src/recovery/reconcile-trigger.js";

describe("reconciliation after ARI events the call flow never heard", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1002");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    await stack.app.reconcile.idle();
  });
  afterAll(() => stack.close());

  /**
   * Runs `arrive` while the call flow hears no ARI event, as if the WebSocket had dropped them,
   * until the StasisStart of the channel whose id `arrive` resolves with has come and gone.
   */
  async function withEventsLost(arrive: () => Promise<string>): Promise<string> {
    const listeners = stack.app.ari.listeners("event") as ((event: AriEvent) => void)[];
    stack.app.ari.removeAllListeners("event");
    const lost: AriEvent[] = [];
    const record = (event: AriEvent) => void lost.push(event);
    stack.app.ari.on("event", record);
    try {
      const channelId = await arrive();
      await waitFor(() => lost.some((e) => e.type === "StasisStart" && e.channel.id === channelId), "the StasisStart to arrive, unheard");
      return channelId;
    } finally {
      stack.app.ari.off("event", record);
      for (const listener of listeners) stack.app.ari.on("event", listener);
    }
  }

  it("adopts a customer whose StasisStart was missed, and offers the call", async () => {
    const channelId = await withEventsLost(async () => (await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254766000001" })).id);
    expect(await stack.app.calls.sessions.sessionIdByChannel(channelId)).toBeNull();

    stack.app.reconcile.request("test");
    const offer = await agent.next("call_incoming", (d) => d.channelId === channelId);
    expect((await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current).toBe(1);
    stack.simulator.control.hangup(channelId);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await waitFor(async () => (await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current === 0, "the slot released");
  });

  it("bridges a connecting call whose agent leg answered while its StasisStart was missed", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254766000003" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    const legId = await withEventsLost(async () => {
      expect((await agent.command({ type: "answer_call", sessionId: offer.sessionId })).type).toBe("ack");
      return (await stack.app.calls.sessions.getSession(offer.sessionId))?.agentChannelId ?? "";
    });
    expect((await stack.app.calls.sessions.getSession(offer.sessionId))?.state).toBe("connecting");

    stack.app.reconcile.request("test");
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    const bridgeId = (await stack.app.calls.sessions.getSession(offer.sessionId))?.bridgeId;
    expect(stack.simulator.control.listBridges().find((b) => b.id === bridgeId)?.channels.sort()).toEqual([channel.id, legId].sort());
    stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await waitFor(() => stack.simulator.control.listChannels().length === 0 && stack.simulator.control.listBridges().length === 0, "nothing left on the simulator");
  });

  it("hangs up a channel in the Stasis app with arguments the server does not understand", async () => {
    const channelId = await withEventsLost(async () => (await stack.simulator.control.injectCall({ args: ["nonsense"], callerNumber: "254766000002" })).id);
    stack.app.reconcile.request("test");
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === channelId), "the stray channel hung up");
    expect(await stack.app.calls.sessions.listOpenSessions()).toEqual([]);
  });

  it("repairs a leak with no trigger at all: the periodic run hangs up a stray channel", async () => {
    const periodic = startReconcileTrigger(stack.app.calls, stack.app.ari, stack.app.redis, { intervalMs: 200 });
    try {
      const channelId = await withEventsLost(async () => (await stack.simulator.control.injectCall({ args: ["nonsense", "again"], callerNumber: "254766000004" })).id);
      await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === channelId), "the periodic run to hang up the stray channel");
    } finally {
      periodic.stop();
      await periodic.idle();
    }
  });
});
