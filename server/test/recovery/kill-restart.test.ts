/**
 * Reconciliation after a real `kill -9`: the server runs as a child process against the simulator
 * and a real Redis, holds calls ringing, bridged and waiting, and is killed with SIGKILL. While it is
 * dead, callers hang up (their events are lost) and a call is ended in Redis by "another process"
 * that died before its ARI clean-up. A new server process must then leave every agent's call count
 * right, end each gone call once, and leave no channel or bridge behind on the simulator.
 */
import { startSimulator, type Simulator } from "@acc/ari-simulator";
import type { EventPayloadMap } from "@acc/shared-types";
import { afterEach, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { createStateStore, type StateStore } from "../../src/state/index.js";
import { openScreen, TEST_SECRET, testRedis, waitFor, type Screen, type TestRedis } from "@acc/test-support";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function agentScreen(server: ServerProcess, agentId: string): Promise<Screen> {
  const screen = await openScreen(server.wsUrl, await signToken(TEST_SECRET, { role: "agent", agentId }));
  cleanups.push(() => screen.close());
  return screen;
}

/** Events of the Redis event log (every event the servers published), parsed. */
async function loggedEvents(redis: TestRedis, state: StateStore): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const entries = await redis.redis.xrange(state.keys.eventLog(), "-", "+");
  return entries.map(([, fields]) => {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
    return { event: map.get("event") ?? "", data: JSON.parse(map.get("data") ?? "{}") as Record<string, unknown> };
  });
}

async function callCount(state: StateStore, agentId: string): Promise<number> {
  return (await state.agents.getAgent(agentId))?.capacity.current ?? -1;
}

/** Rings a direct call on `screen`'s agent; answers it and waits for the bridge when `answer`. */
async function directCall(sim: Simulator, screen: Screen, extension: string, callerNumber: string, answer: boolean): Promise<EventPayloadMap["call_incoming"]> {
  const channel = await sim.control.injectCall({ args: ["agent", extension], callerNumber });
  const offer = await screen.next("call_incoming", (d) => d.channelId === channel.id, 15_000);
  if (answer) {
    expect((await screen.command({ type: "answer_call", sessionId: offer.sessionId })).type).toBe("ack");
    await screen.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId, 15_000);
  }
  return offer;
}

describe("reconciliation after kill -9 of the server", () => {
  it("ends the calls whose callers left, hangs up orphans, keeps the live calls, and leaks nothing", async () => {
    const redis = testRedis();
    cleanups.push(() => redis.cleanup());
    const sim = await startSimulator({ port: 0 });
    cleanups.push(() => sim.close());
    const state = createStateStore(redis.redis, redis.prefix);
    const options = { ariUrl: sim.url, redisUrl: redis.url, prefix: redis.prefix, env: { RING_TIMEOUT_S: "120" } };

    const first = await startServerProcess(options);
    cleanups.push(() => first.kill());
    const john = await agentScreen(first, "agent-1001");
    const jane = await agentScreen(first, "agent-1002");
    await john.command({ type: "set_status", status: "available" });
    await jane.command({ type: "set_status", status: "available" });

    const leaves = await directCall(sim, john, "1001", "254700000001", true); // caller hangs up while the server is dead
    const rings = await directCall(sim, john, "1001", "254700000002", false); // still ringing after the restart
    const talks = await directCall(sim, jane, "1002", "254700000003", true); // goes on across the restart
    const orphan = await directCall(sim, jane, "1002", "254700000004", true); // ended in Redis, not on Asterisk
    const waiting = await sim.control.injectCall({ args: ["queue", "8000"], callerNumber: "254700000005" });
    await waitFor(async () => (await state.queueStore.waitingSessionIds("8000")).length === 1, "the queue call waiting", 15_000);
    await waitFor(() => sim.control.listBridges().some((b) => b.channels.includes(waiting.id)), "the queue caller in the holding bridge", 15_000);
    expect(await callCount(state, "agent-1001")).toBe(2);
    expect(await callCount(state, "agent-1002")).toBe(2);

    await first.kill();
    sim.control.hangup(leaves.channelId);
    sim.control.hangup(waiting.id);
    // Another process ended this call in Redis and died before hanging up its channels.
    const released = await state.sessions.releaseSlot(orphan.sessionId, "agent_hangup", Date.now());
    expect(released).toMatchObject({ ok: true, released: true });
    const endedBefore = (await state.sessions.dailyCounters(Date.now())).sessionsEnded;

    const second = await startServerProcess(options);
    cleanups.push(() => second.kill());

    const talkSession = await state.sessions.getSession(talks.sessionId);
    const liveChannels = new Set([rings.channelId, talks.channelId, talkSession?.agentChannelId ?? ""]);
    await waitFor(async () => (await callCount(state, "agent-1001")) === 1 && (await callCount(state, "agent-1002")) === 1, "agents' call counts reconciled", 15_000);
    await waitFor(() => sim.control.listBridges().length === 1, "stray bridges destroyed", 15_000);
    // What is left on Asterisk: the ringing caller, the talking caller and its agent leg (a Local pair).
    await waitFor(() => sim.control.listChannels().filter((c) => c.name.endsWith(";1") || !c.name.startsWith("Local/")).every((c) => liveChannels.has(c.id)), "stray channels hung up", 15_000);
    expect(sim.control.listChannels().filter((c) => c.name.endsWith(";1") || !c.name.startsWith("Local/")).map((c) => c.id).sort()).toEqual([...liveChannels].sort());
    expect(sim.control.listBridges().map((b) => b.id)).toEqual([talkSession?.bridgeId]);
    expect((await state.sessions.listOpenSessions()).map((s) => s.sessionId).sort()).toEqual([rings.sessionId, talks.sessionId].sort());
    expect((await state.sessions.getSession(rings.sessionId))?.state).toBe("ringing");
    expect((await state.sessions.getSession(talks.sessionId))?.state).toBe("connected");
    expect((await state.sessions.getSession(leaves.sessionId))?.endReason).toBe("customer_left");

    // A second reconciliation (the ARI WebSocket drops and comes back) changes nothing.
    const summaries = () => second.lines.filter((l) => l.includes("reconciled the sessions in Redis")).length;
    // The child's log reaches this process through a pipe, possibly after the repairs it reports.
    await waitFor(() => summaries() >= 1, "the reconciliation's summary line", 15_000);
    const before = summaries();
    sim.control.cutEventSockets();
    await waitFor(() => summaries() > before, "a reconciliation after the reconnect", 15_000);
    const events = await loggedEvents(redis, state);
    expect(events.filter((e) => e.event === "customer_left_bridge" && e.data.sessionId === leaves.sessionId)).toHaveLength(1);
    expect(events.filter((e) => e.event === "queue_call_removed" && e.data.reason === "abandoned")).toHaveLength(1);
    expect((await state.sessions.dailyCounters(Date.now())).sessionsEnded).toBe(endedBefore + 2);
    expect(await callCount(state, "agent-1001")).toBe(1);
    expect(await callCount(state, "agent-1002")).toBe(1);

    // The calls that survived end normally, and then nothing is left anywhere.
    sim.control.hangup(rings.channelId);
    sim.control.hangup(talks.channelId);
    await waitFor(async () => (await callCount(state, "agent-1001")) === 0 && (await callCount(state, "agent-1002")) === 0, "every slot released", 15_000);
    await waitFor(() => sim.control.listChannels().length === 0 && sim.control.listBridges().length === 0, "nothing left on the simulator", 15_000);
    expect(await state.sessions.listOpenSessions()).toEqual([]);
  }, 90_000);
});
