/**
 * Two server processes on one Redis: a screen connected to either gets every event, once, whichever
 * process handled the call (the event log relay). The second process registers its own Stasis app
 * name so the simulator's calls all go to the first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { signToken } from "../../src/auth/token.js";
import type { EventPublisher } from "../../src/ws/index.js";
import { openScreen, startSecondServer, startStack, TEST_SECRET, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("several server processes", () => {
  let stack: Stack;
  let second: App;
  let secondWsUrl: string;
  let agentOnFirst: Screen;
  let supervisorOnSecond: Screen;
  let agentOnSecond: Screen;

  beforeAll(async () => {
    stack = await startStack();
    ({ app: second, wsUrl: secondWsUrl } = await startSecondServer(stack));
    agentOnFirst = await stack.screen("agent", "agent-1001");
    supervisorOnSecond = await openScreen(secondWsUrl, await signToken(TEST_SECRET, { role: "supervisor" }));
    agentOnSecond = await openScreen(secondWsUrl, await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" }));
  });
  afterAll(async () => {
    supervisorOnSecond.close();
    agentOnSecond.close();
    await second.fastify.close();
    await stack.close();
  });

  it("delivers the events of a call handled by one process to the screens of the other, once each", async () => {
    await agentOnSecond.command({ type: "set_status", status: "available" });
    // The status change was published by the second process; the agent's screen on the first sees it.
    await agentOnFirst.next("agent_status_updated", (d) => d.status === "available");

    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000301" });
    const offer = await agentOnFirst.next("call_incoming", (d) => d.channelId === channel.id);
    const seenOnSecond = await agentOnSecond.next("call_incoming", (d) => d.channelId === channel.id);
    expect(seenOnSecond).toEqual(offer);
    await supervisorOnSecond.next("call_incoming", (d) => d.channelId === channel.id);

    await agentOnFirst.command({ type: "answer_call", sessionId: offer.sessionId });
    await supervisorOnSecond.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.hangup(channel.id);
    await supervisorOnSecond.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await agentOnSecond.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);

    // Each screen got each event exactly once, with the same id on both processes.
    for (const screen of [agentOnFirst, agentOnSecond, supervisorOnSecond]) {
      const ids = screen.frames.flatMap((f) => ("event" in f && f.event !== "system_state" ? [f.id] : []));
      expect(new Set(ids).size).toBe(ids.length);
    }
    const idsOf = (screen: Screen) => screen.frames.flatMap((f) => ("event" in f && f.event === "customer_left_bridge" ? [f.id] : []));
    expect(idsOf(agentOnSecond)).toEqual(idsOf(agentOnFirst));
  });

  it("keeps relaying after its Redis connection drops and comes back, without losing events", async () => {
    const relayConnection = await relayClientOf(second);
    const [fromFirst, fromSecond] = [agentOnFirst.mark(), agentOnSecond.mark()];
    await stack.app.redis.client("KILL", "ID", relayConnection);
    // The relay waits before it reads again, so the call's first events are logged while it is away.
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000302" });
    const offer = await agentOnFirst.next("call_incoming", (d) => d.channelId === channel.id, { after: fromFirst });
    await agentOnFirst.command({ type: "reject_call", sessionId: offer.sessionId });
    const freeAgain = (d: { status: string; previousStatus: string | null }) => d.status === "available" && d.previousStatus === "ringing";
    await agentOnFirst.next("agent_status_updated", freeAgain, { after: fromFirst });
    await agentOnSecond.next("agent_status_updated", freeAgain, { after: fromSecond, timeoutMs: 10_000 });

    // The screen on the second process got every event of the call the first one got, in order.
    const eventIds = (screen: Screen, after: number) => screen.frames.slice(after).flatMap((f) => ("event" in f && f.event !== "system_state" ? [`${f.event} ${f.id}`] : []));
    const seenOnFirst = eventIds(agentOnFirst, fromFirst);
    expect(seenOnFirst.map((e) => e.split(" ")[0])).toEqual(expect.arrayContaining(["call_incoming", "agent_rejected_call", "agent_status_updated"]));
    expect(eventIds(agentOnSecond, fromSecond)).toEqual(seenOnFirst);
  });

  /** The Redis client id of `app`'s relay connection (named after the process's node id). */
  async function relayClientOf(app: App): Promise<string> {
    const name = `event-relay-${(app.calls.events as EventPublisher).nodeId}`;
    let id: string | undefined;
    await waitFor(async () => {
      const line = String(await stack.app.redis.client("LIST")).split("\n").find((l) => l.includes(` name=${name} `));
      id = line?.match(/\bid=(\d+)/)?.[1];
      return id !== undefined;
    }, `the relay connection ${name}`);
    return id!;
  }
});
