/**
 * Reconciliation lists Asterisk once, then repairs the open sessions one by one under their serial
 * keys. A call answered in between (agent leg originated after the listing, then bridged by the live
 * events) is absent from that listing: it must not be taken for an agent who hung up, which would
 * end the session and leave the agent leg up in the Stasis app with no session. The interleaving is
 * made certain by running the answer while the listing is on its way back; the listing, the call
 * flow and the simulator are real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";
import type { CallContext } from "../../src/calls/context.js";
import { reconcileWithAri } from "../../src/recovery/reconcile.js";

describe("reconciliation against a listing taken before a call connected", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1002");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    await stack.app.reconcile.idle();
  });
  afterAll(() => stack.close());

  it("keeps a call connected after the listing, with its agent leg", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254766000010" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    const ctx = stack.app.calls;
    const real = ctx.ari;
    // The first listing is read before the answer and returns only once the call is connected.
    let listings = 0;
    const ari = new Proxy(real, {
      get(target, name, receiver) {
        if (name !== "listChannels" || listings > 0) {
          const value = Reflect.get(target, name, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async () => {
          listings += 1;
          const listing = await target.listChannels();
          expect((await agent.command({ type: "answer_call", sessionId: offer.sessionId })).type).toBe("ack");
          await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
          return listing;
        };
      },
    });
    await reconcileWithAri({ ...ctx, ari } as CallContext);

    const session = await ctx.sessions.getSession(offer.sessionId);
    expect(session?.released).toBe(false);
    expect(session?.state).toBe("connected");
    const legId = session?.agentChannelId ?? "";
    expect(stack.simulator.control.listChannels().some((c) => c.id === legId)).toBe(true);

    stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "nothing left on the simulator");
  });
});
