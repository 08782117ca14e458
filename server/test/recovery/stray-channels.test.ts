/**
 * Channels in the Stasis app that Redis does not know, found by reconciliation: a customer whose
 * StasisStart never reached the call flow is adopted as the call its arguments say, and a channel
 * with arguments the server does not understand is hung up. The StasisStart is lost by taking the
 * call flow off the ARI connection's events while the call arrives; everything else is real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AriEvent } from "../../src/ari/index.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("reconciliation of channels Redis does not know", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1002");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    await stack.app.reconcile.idle();
  });
  afterAll(() => stack.close());

  /** Runs `arrive` while the call flow hears no ARI event, as if the WebSocket had dropped them. */
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

  it("hangs up a channel in the Stasis app with arguments the server does not understand", async () => {
    const channelId = await withEventsLost(async () => (await stack.simulator.control.injectCall({ args: ["nonsense"], callerNumber: "254766000002" })).id);
    stack.app.reconcile.request("test");
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === channelId), "the stray channel hung up");
    expect(await stack.app.calls.sessions.listOpenSessions()).toEqual([]);
  });
});
