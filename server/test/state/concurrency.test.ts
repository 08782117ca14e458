import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createStateStore, type StateStore } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";
import { availableAgent, ok, openSession, RING_MS, T0 } from "./fixtures.js";

const CONNECTIONS = 10;

describe("state transitions under concurrency", () => {
  const t = testRedis();
  const clients = Array.from({ length: CONNECTIONS }, () => new Redis(inject("redisUrl")));
  const stores: StateStore[] = clients.map((client) => createStateStore(client, t.prefix));
  const store = createStateStore(t.redis, t.prefix);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
    await t.cleanup();
  });

  /** The store to use for the i-th concurrent call: one shared connection, or spread over several. */
  const pick = (spread: boolean, i: number): StateStore => (spread ? stores[i % CONNECTIONS]! : store);

  it.each([
    ["one connection", false],
    ["separate connections", true],
  ])("100 concurrent reservations on an agent with maxCalls 3 give exactly 3 (%s)", async (label, spread) => {
    const agentId = `cap-${label}`;
    await availableAgent(store, agentId, `ext-${label}`, 3);
    const sessionIds: string[] = [];
    for (let i = 0; i < 100; i += 1) sessionIds.push(await openSession(store, `${agentId}-ch${i}`));

    const results = await Promise.all(sessionIds.map((id, i) => pick(spread, i).sessions.reserveSlot(id, agentId, T0 + RING_MS, T0)));

    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.code === "NO_CAPACITY")).toHaveLength(97);
    expect(won.map((r) => r.ok && r.session.callIndex).sort()).toEqual([1, 2, 3]);
    const agent = await store.agents.getAgent(agentId);
    expect(agent).toMatchObject({ status: "ringing", capacity: { current: 3, max: 3, canTakeCall: false } });
    expect(agent?.calls.map((c) => c.sessionId).sort()).toEqual(won.map((r) => r.ok && r.session.sessionId).sort());
  });

  it("50 concurrent releases of one session release it exactly once", async () => {
    await availableAgent(store, "rel", "7001", 2);
    const sessionId = await openSession(store, "rel-ch");
    ok(await store.sessions.reserveSlot(sessionId, "rel", T0 + RING_MS, T0));
    ok(await store.sessions.attachAgentChannel(sessionId, "rel-leg"));
    ok(await store.sessions.markConnecting(sessionId, "rel", T0));
    ok(await store.sessions.connectCall(sessionId, "bridge", T0));

    const results = (await Promise.all(Array.from({ length: 50 }, (_, i) => pick(true, i).sessions.releaseSlot(sessionId, "agent_hangup", T0 + i)))).map(ok);

    expect(results.filter((r) => r.released)).toHaveLength(1);
    expect(results.filter((r) => r.statusChange !== null)).toHaveLength(1);
    expect(await store.agents.getAgent("rel")).toMatchObject({ status: "available", calls: [], capacity: { current: 0 } });
  });

  it("a release racing the agent's answer, channel and bridge leaves the session ended and the slot free", async () => {
    for (let round = 0; round < 20; round += 1) {
      const agentId = `race-${round}`;
      await availableAgent(store, agentId, `race-ext-${round}`, 1);
      const sessionId = await openSession(store, `${agentId}-ch`);
      ok(await store.sessions.reserveSlot(sessionId, agentId, T0 + RING_MS, T0));
      // Releases start before, between and after the other transitions; every reply must be a
      // typed result (never a stale-key failure) and the end state must be the same.
      const outcomes = await Promise.all([
        stores[0]!.sessions.releaseSlot(sessionId, "customer_hangup", T0 + 1),
        stores[1]!.sessions.attachAgentChannel(sessionId, `${agentId}-leg`),
        stores[2]!.sessions.markConnecting(sessionId, agentId, T0 + 1),
        stores[3]!.sessions.releaseSlot(sessionId, "customer_hangup", T0 + 2),
        stores[4]!.sessions.connectCall(sessionId, "bridge", T0 + 2),
        stores[5]!.sessions.releaseSlot(sessionId, "customer_hangup", T0 + 3),
      ]);
      expect(outcomes.filter((r) => r.ok && "released" in r && r.released)).toHaveLength(1);
      expect(await store.sessions.getSession(sessionId)).toMatchObject({ state: "ended", released: true });
      expect(await store.agents.getAgent(agentId)).toMatchObject({ status: "available", calls: [] });
      expect(await t.redis.hlen(store.keys.agentLines(agentId))).toBe(0);
    }
  });

  it("concurrent StasisStarts for one channel open one session", async () => {
    const input = { kind: "direct" as const, customerChannelId: "dup-ch", customerNumber: "1", callerName: "" };
    const results = (await Promise.all(Array.from({ length: 30 }, (_, i) => pick(true, i).sessions.createSession(input, T0)))).map(ok);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.session.sessionId)).size).toBe(1);
  });

  it("concurrent claimers of due ring timeouts get each session once", async () => {
    const claimStore = createStateStore(t.redis, `${t.prefix}claims:`);
    const claimStores = clients.map((client) => createStateStore(client, `${t.prefix}claims:`));
    const expected: string[] = [];
    for (let a = 0; a < 6; a += 1) {
      await availableAgent(claimStore, `claim-${a}`, `80${a}`, 5);
      for (let c = 0; c < 5; c += 1) {
        const sessionId = await openSession(claimStore, `claim-${a}-${c}`);
        ok(await claimStore.sessions.reserveSlot(sessionId, `claim-${a}`, T0 + c, T0));
        expected.push(sessionId);
      }
    }
    await availableAgent(claimStore, "claim-late", "8099", 1);
    const notDue = await openSession(claimStore, "claim-late");
    ok(await claimStore.sessions.reserveSlot(notDue, "claim-late", T0 + 10_000, T0));

    const claimed = await Promise.all(
      claimStores.map(async (s) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await s.sessions.claimDueRingTimeouts(T0 + 100, 3);
          if (batch.length === 0) return mine;
          mine.push(...batch);
        }
      }),
    );

    const all = claimed.flat();
    expect(all).toHaveLength(expected.length);
    expect([...all].sort()).toEqual([...expected].sort());
    expect(await claimStore.sessions.claimDueRingTimeouts(T0 + 10_000, 10)).toEqual([notDue]);
  });
});
