/**
 * Presence follows the screen, with two server processes on one Redis: an agent whose screens are
 * all gone goes offline after the grace (PRESENCE_GRACE_S, 1 s here) and keeps its calls; a screen
 * back within the grace, or a screen on the other process, keeps the status; a process killed with
 * SIGKILL leaves a lease nobody renews, which does not keep the agent present.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { signToken } from "../../src/auth/token.js";
import { createStateStore, type StateStore } from "../../src/state/index.js";
import { startServerProcess } from "../support/server-process.js";
import { openScreen, startSecondServer, startStack, TEST_SECRET, waitFor, type Screen, type Stack } from "@acc/test-support";

const presenceEnv = { PRESENCE_GRACE_S: "1", SCREEN_LEASE_S: "2" };

describe("presence follows the screen", () => {
  let stack: Stack;
  let second: App;
  let secondWsUrl: string;
  let supervisor: Screen;
  let state: StateStore;

  beforeAll(async () => {
    stack = await startStack(presenceEnv);
    ({ app: second, wsUrl: secondWsUrl } = await startSecondServer(stack, presenceEnv));
    supervisor = await stack.screen("supervisor");
    state = createStateStore(stack.redis.redis, stack.redis.prefix);
  }, 30_000);
  afterAll(async () => {
    await second.fastify.close();
    await stack.close();
  }, 30_000);

  const presenceOf = async (agentId: string) => (await state.agents.getAgent(agentId))?.presence;
  const checkOf = async (agentId: string) => stack.redis.redis.zscore(state.keys.presenceChecks(), agentId);
  async function available(screen: Screen): Promise<void> {
    expect(await screen.command({ type: "set_status", status: "available" })).toMatchObject({ type: "ack" });
  }
  async function closeScreen(screen: Screen): Promise<void> {
    const closed = new Promise((resolve) => screen.socket.once("close", resolve));
    screen.close();
    await closed;
  }

  it("takes an agent offline once its last screen has been gone for the grace, keeping its call", async () => {
    const agent = await stack.screen("agent", "agent-1002");
    await available(agent);
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254700000501" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await supervisor.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);

    await closeScreen(agent);
    const lapsed = await supervisor.next("agent_status_updated", (d) => d.agentId === "agent-1002" && d.capacity.canTakeCall === false && d.callCount === 1 && d.status === "on_call", 10_000);
    expect(lapsed.activeCalls.map((c) => c.sessionId)).toEqual([offer.sessionId]);
    expect(await presenceOf("agent-1002")).toBe("offline");
    // The call is kept, and no new one is offered.
    expect((await stack.app.calls.sessions.getSession(offer.sessionId))?.state).toBe("connected");
    const next = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254700000502" });
    expect((await supervisor.next("call_refused", (d) => d.channelId === next.id)).reason).toBe("agent_offline");
    await stack.simulator.control.hangup(channel.id);
    await supervisor.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  });

  it("sends agent_status_updated offline for an idle agent, and nothing while a screen reconnects within the grace", async () => {
    const agent = await stack.screen("agent", "agent-1003");
    await available(agent);
    await closeScreen(agent);
    const due = await checkOf("agent-1003");
    expect(due).not.toBeNull();
    const back = await stack.screen("agent", "agent-1003");
    // The check ran and, finding the new screen's lease, moved on to that lease's end.
    await waitFor(async () => (await checkOf("agent-1003")) !== due, "the presence check to run", 10_000);
    expect(await presenceOf("agent-1003")).toBe("available");
    expect(supervisor.events("agent_status_updated").filter((d) => d.agentId === "agent-1003" && d.status === "offline")).toEqual([]);

    await closeScreen(back);
    const offline = await supervisor.next("agent_status_updated", (d) => d.agentId === "agent-1003" && d.status === "offline", 10_000);
    expect(offline).toMatchObject({ previousStatus: "available", callCount: 0, capacity: { canTakeCall: false } });
  });

  it("keeps an agent whose screen is still open on the other process, until that one closes too", async () => {
    const onFirst = await stack.screen("agent", "agent-1001");
    const onSecond = await openScreen(secondWsUrl, await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" }));
    await available(onFirst);
    await closeScreen(onFirst);
    const due = await checkOf("agent-1001");
    await waitFor(async () => (await checkOf("agent-1001")) !== due, "the presence check to run", 10_000);
    expect(await presenceOf("agent-1001")).toBe("available");

    await closeScreen(onSecond);
    await supervisor.next("agent_status_updated", (d) => d.agentId === "agent-1001" && d.status === "offline", 10_000);
  });

  it("takes offline, after lease + grace, an agent whose only screen was on a process killed with SIGKILL", async () => {
    const crashing = await startServerProcess({
      ariUrl: stack.simulator.url,
      redisUrl: stack.redis.url,
      prefix: stack.redis.prefix,
      env: { ...presenceEnv, ARI_APP: "contact-center-crashing", LOG_LEVEL: "warn" },
    });
    try {
      const agent = await openScreen(crashing.wsUrl, await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" }));
      await available(agent);
      await waitFor(async () => (await stack.redis.redis.zcard(state.keys.agentScreens("agent-1001"))) === 1, "the crashing process's lease");
      const before = supervisor.events("agent_status_updated").length;
      await crashing.kill();
      const leases = await stack.redis.redis.zrange(state.keys.agentScreens("agent-1001"), 0, -1, "WITHSCORES");
      // Nothing ran on the way down: the dead process's lease is still there, unrenewed.
      expect(leases).toHaveLength(2);
      const offline = await supervisor.next(
        "agent_status_updated",
        (d) => d.agentId === "agent-1001" && d.status === "offline" && supervisor.events("agent_status_updated").indexOf(d) >= before,
        15_000,
      );
      expect(offline.previousStatus).toBe("available");
      // Not before the dead process's lease ran out.
      expect(Date.parse(offline.statusChangedAt)).toBeGreaterThanOrEqual(Number(leases[1]));
      expect(await stack.redis.redis.zcard(state.keys.agentScreens("agent-1001"))).toBe(0);
    } finally {
      await crashing.kill();
    }
  });
});
