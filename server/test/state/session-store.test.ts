import { afterAll, describe, expect, it } from "vitest";
import { createStateStore } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";
import { availableAgent, ok, openSession, RING_MS, T0 } from "./fixtures.js";

describe("SessionStore", () => {
  const t = testRedis();
  const store = createStateStore(t.redis, t.prefix);
  const { sessions, agents, keys } = store;
  afterAll(() => t.cleanup());

  describe("createSession", () => {
    it("opens a direct call as new and indexes its channel", async () => {
      const created = ok(
        await sessions.createSession(
          { kind: "direct", customerChannelId: "1705312200.1", customerNumber: "254712345678", callerName: "Customer Name", extension: "1001" },
          T0,
        ),
      );
      expect(created.created).toBe(true);
      expect(created.session).toEqual({
        sessionId: created.session.sessionId,
        kind: "direct",
        customerChannelId: "1705312200.1",
        customerNumber: "254712345678",
        callerName: "Customer Name",
        agentId: null,
        extension: "1001",
        queueNumber: null,
        state: "new",
        callIndex: null,
        createdAt: T0,
        offeredAt: null,
        answeredAt: null,
        bridgedAt: null,
        endedAt: null,
        bridgeId: null,
        agentChannelId: null,
        endReason: null,
        onHold: false,
        muted: "none",
        released: false,
        priority: 0,
        queueEnteredAt: null,
        offerCount: 0,
        transferredFrom: null,
        transferTo: null,
      });
      expect(await sessions.sessionIdByChannel("1705312200.1")).toBe(created.session.sessionId);
      expect((await sessions.listOpenSessions()).map((s) => s.sessionId)).toContain(created.session.sessionId);
    });

    it("returns the open session for a repeated StasisStart, sequential or concurrent", async () => {
      const input = { kind: "queue" as const, customerChannelId: "1705312200.2", customerNumber: "2547", callerName: "Q", queueNumber: "8000" };
      const first = ok(await sessions.createSession(input, T0));
      expect(first.session).toMatchObject({ state: "queued", queueNumber: "8000", extension: null });
      const again = ok(await sessions.createSession(input, T0 + 5));
      expect(again).toMatchObject({ created: false, session: { sessionId: first.session.sessionId, createdAt: T0 } });

      const concurrent = await Promise.all(
        Array.from({ length: 20 }, () => sessions.createSession({ ...input, customerChannelId: "1705312200.3" }, T0)),
      );
      const results = concurrent.map(ok);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.session.sessionId)).size).toBe(1);
    });

    it("refuses a taken session id and an empty channel id", async () => {
      const input = { kind: "direct" as const, customerChannelId: "1705312200.4", customerNumber: "1", callerName: "", sessionId: "fixed-id" };
      ok(await sessions.createSession(input, T0));
      expect(await sessions.createSession({ ...input, customerChannelId: "1705312200.5" }, T0)).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(await sessions.sessionIdByChannel("1705312200.5")).toBeNull();
      expect(await sessions.createSession({ ...input, customerChannelId: "" }, T0)).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    });
  });

  describe("reserveSlot", () => {
    it("rings the call on the agent and sets its ring deadline", async () => {
      await availableAgent(store, "r1", "2001", 2);
      const sessionId = await openSession(store, "r1-ch1");
      const reserved = ok(await sessions.reserveSlot(sessionId, "r1", T0 + RING_MS, T0 + 100));
      expect(reserved.session).toMatchObject({ state: "ringing", agentId: "r1", extension: "2001", callIndex: 1, offeredAt: T0 + 100 });
      expect(reserved.statusChange).toMatchObject({
        agentId: "r1",
        status: "ringing",
        previousStatus: "available",
        changed: true,
        callCount: 1,
        calls: [{ sessionId, state: "ringing" }],
        capacity: { current: 1, max: 2, canTakeCall: true },
      });
      expect(await t.redis.zscore(keys.ringDeadlines(), sessionId)).toBe(String(T0 + RING_MS));
    });

    it("refuses with a code for each reason and changes nothing", async () => {
      ok(await agents.upsertAgent({ agentId: "r2", extension: "2002", agentName: "R2", maxCalls: 1 }, T0));
      const sessionId = await openSession(store, "r2-ch1");
      expect(await sessions.reserveSlot("missing", "r2", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await sessions.reserveSlot(sessionId, "nobody", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "UNKNOWN_AGENT" });
      expect(await sessions.reserveSlot(sessionId, "r2", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "AGENT_OFFLINE" });
      ok(await agents.setPresence("r2", "paused", "break", T0));
      expect(await sessions.reserveSlot(sessionId, "r2", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "AGENT_PAUSED" });
      ok(await agents.setPresence("r2", "available", undefined, T0));
      ok(await sessions.reserveSlot(sessionId, "r2", T0 + RING_MS, T0));
      expect(await sessions.reserveSlot(sessionId, "r2", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "INVALID_STATE" });
      const second = await openSession(store, "r2-ch2");
      expect(await sessions.reserveSlot(second, "r2", T0 + RING_MS, T0)).toMatchObject({ ok: false, code: "NO_CAPACITY" });
      expect(await sessions.getSession(second)).toMatchObject({ state: "new", agentId: null });
      expect((await agents.getAgent("r2"))?.calls).toEqual([{ sessionId, state: "ringing" }]);
    });

    it("puts each call on the agent's lowest free line", async () => {
      await availableAgent(store, "r3", "2003", 3);
      const ids = [await openSession(store, "r3-ch1"), await openSession(store, "r3-ch2"), await openSession(store, "r3-ch3")];
      const lines = [];
      for (const id of ids) lines.push(ok(await sessions.reserveSlot(id, "r3", T0 + RING_MS, T0)).session.callIndex);
      expect(lines).toEqual([1, 2, 3]);
      ok(await sessions.releaseSlot(ids[1]!, "rejected", T0 + 1));
      const next = await openSession(store, "r3-ch4");
      expect(ok(await sessions.reserveSlot(next, "r3", T0 + RING_MS, T0 + 2)).session.callIndex).toBe(2);
    });
  });

  describe("answering and bridging", () => {
    it("takes a call from ringing through connecting to connected", async () => {
      await availableAgent(store, "c1", "3001", 2);
      const sessionId = await openSession(store, "c1-ch1");
      ok(await sessions.reserveSlot(sessionId, "c1", T0 + RING_MS, T0));

      expect(await sessions.connectCall(sessionId, "bridge-1", T0 + 1)).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(await sessions.markConnecting(sessionId, "r1", T0 + 1)).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await sessions.markConnecting("missing", "c1", T0 + 1)).toMatchObject({ ok: false, code: "NOT_FOUND" });

      const answered = ok(await sessions.markConnecting(sessionId, "c1", T0 + 2000));
      expect(answered.changed).toBe(true);
      expect(answered.session).toMatchObject({ state: "connecting", answeredAt: T0 + 2000 });
      expect(answered.statusChange).toMatchObject({ status: "ringing", changed: false, calls: [{ sessionId, state: "connecting" }] });
      expect(await t.redis.zscore(keys.ringDeadlines(), sessionId)).toBeNull();
      expect(ok(await sessions.markConnecting(sessionId, "c1", T0 + 2500))).toMatchObject({ changed: false, statusChange: null });

      const bridged = ok(await sessions.connectCall(sessionId, "bridge-1", T0 + 3000));
      expect(bridged.session).toMatchObject({ state: "connected", bridgeId: "bridge-1", bridgedAt: T0 + 3000 });
      expect(bridged.statusChange).toMatchObject({ status: "on_call", previousStatus: "ringing", changed: true, statusChangedAt: "2024-01-15T10:30:03.000Z" });
      expect(ok(await sessions.connectCall(sessionId, "bridge-1", T0 + 3500))).toMatchObject({ changed: false, statusChange: null });
      expect(ok(await sessions.markConnecting(sessionId, "c1", T0 + 3600))).toMatchObject({ changed: false });
      expect(await sessions.connectCall("missing", "bridge-1", T0)).toMatchObject({ ok: false, code: "NOT_FOUND" });

      const second = await openSession(store, "c1-ch2");
      // One connected call and a second one ringing is already multi_call (n = 2, c = 1).
      const offered = ok(await sessions.reserveSlot(second, "c1", T0 + RING_MS, T0 + 4000));
      expect(offered.statusChange).toMatchObject({ status: "multi_call", previousStatus: "on_call", callCount: 2, changed: true });
      ok(await sessions.markConnecting(second, "c1", T0 + 4001));
      const both = ok(await sessions.connectCall(second, "bridge-2", T0 + 4002));
      expect(both.statusChange).toMatchObject({ status: "multi_call", previousStatus: "multi_call", callCount: 2, changed: false });
      expect(await sessions.markConnecting(await openSession(store, "c1-ch3"), "c1", T0)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    });

    it("refuses to answer once the ring timeout was claimed, and hands each timeout out once", async () => {
      await availableAgent(store, "c2", "3002", 1);
      const sessionId = await openSession(store, "c2-ch1");
      const deadline = T0 + 10 * RING_MS;
      ok(await sessions.reserveSlot(sessionId, "c2", deadline, T0));
      expect(await sessions.claimDueRingTimeouts(deadline - 1, 1000)).not.toContain(sessionId);
      expect(await sessions.claimDueRingTimeouts(deadline, 1000)).toContain(sessionId);
      expect(await sessions.claimDueRingTimeouts(deadline, 1000)).not.toContain(sessionId);
      expect(await sessions.markConnecting(sessionId, "c2", deadline)).toMatchObject({ ok: false, code: "INVALID_STATE" });
      await expect(sessions.claimDueRingTimeouts(deadline, 0)).rejects.toThrow(RangeError);
    });

    it("records the agent channel once and finds the session by it", async () => {
      await availableAgent(store, "c3", "3003", 2);
      const sessionId = await openSession(store, "c3-ch1");
      expect(await sessions.attachAgentChannel(sessionId, "agent-leg-1")).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(await sessions.attachAgentChannel("missing", "agent-leg-1")).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await sessions.attachAgentChannel(sessionId, "")).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
      ok(await sessions.reserveSlot(sessionId, "c3", T0 + RING_MS, T0));
      const attached = ok(await sessions.attachAgentChannel(sessionId, "agent-leg-1"));
      expect(attached).toMatchObject({ changed: true, session: { agentChannelId: "agent-leg-1" } });
      expect(ok(await sessions.attachAgentChannel(sessionId, "agent-leg-1")).changed).toBe(false);
      expect(await sessions.attachAgentChannel(sessionId, "agent-leg-2")).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(await sessions.sessionIdByChannel("agent-leg-1")).toBe(sessionId);

      const other = await openSession(store, "c3-ch2");
      ok(await sessions.reserveSlot(other, "c3", T0 + RING_MS, T0));
      expect(await sessions.attachAgentChannel(other, "agent-leg-1")).toMatchObject({ ok: false, code: "INVALID_STATE" });
    });
  });

  describe("setCallFlags", () => {
    it("records hold and mute of a connected call only", async () => {
      await availableAgent(store, "f1", "4001", 1);
      const sessionId = await openSession(store, "f1-ch1");
      expect(await sessions.setCallFlags(sessionId, { onHold: true })).toMatchObject({ ok: false, code: "INVALID_STATE" });
      expect(await sessions.setCallFlags("missing", { onHold: true })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      ok(await sessions.reserveSlot(sessionId, "f1", T0 + RING_MS, T0));
      ok(await sessions.markConnecting(sessionId, "f1", T0));
      ok(await sessions.connectCall(sessionId, "b", T0));
      expect(ok(await sessions.setCallFlags(sessionId, { onHold: true }))).toMatchObject({ changed: true, session: { onHold: true, muted: "none" } });
      expect(ok(await sessions.setCallFlags(sessionId, { muted: "in" }))).toMatchObject({ changed: true, session: { onHold: true, muted: "in" } });
      expect(ok(await sessions.setCallFlags(sessionId, { muted: "in" })).changed).toBe(false);
      expect(ok(await sessions.setCallFlags(sessionId, { onHold: false, muted: "none" })).session).toMatchObject({ onHold: false, muted: "none" });
      expect(await sessions.setCallFlags(sessionId, { muted: "sideways" as never })).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
    });
  });

  describe("releaseSlot", () => {
    it("ends a connected call once, frees the slot and lets the session expire", async () => {
      await availableAgent(store, "e1", "5001", 1);
      const sessionId = await openSession(store, "e1-ch1");
      ok(await sessions.reserveSlot(sessionId, "e1", T0 + RING_MS, T0));
      ok(await sessions.attachAgentChannel(sessionId, "e1-leg"));
      ok(await sessions.markConnecting(sessionId, "e1", T0 + 1000));
      ok(await sessions.connectCall(sessionId, "bridge-e1", T0 + 2000));

      const released = ok(await sessions.releaseSlot(sessionId, "agent_hangup", T0 + 62_000));
      expect(released.released).toBe(true);
      expect(released.session).toMatchObject({ state: "connected", bridgedAt: T0 + 2000, endedAt: null, released: false });
      expect(released.statusChange).toMatchObject({ status: "available", previousStatus: "on_call", callCount: 0, calls: [], changed: true });
      expect(await sessions.getSession(sessionId)).toMatchObject({ state: "ended", endReason: "agent_hangup", endedAt: T0 + 62_000, released: true });
      expect(await t.redis.hgetall(keys.agentLines("e1"))).toEqual({});
      expect((await sessions.listOpenSessions()).map((s) => s.sessionId)).not.toContain(sessionId);
      for (const key of [keys.session(sessionId), keys.channel("e1-ch1"), keys.channel("e1-leg")]) {
        const ttl = await t.redis.ttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(3600);
      }

      const again = ok(await sessions.releaseSlot(sessionId, "customer_hangup", T0 + 63_000));
      expect(again).toMatchObject({ released: false, statusChange: null, session: { endReason: "agent_hangup" } });
      expect(await sessions.releaseSlot("missing", "x", T0)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    });

    it("works from new, queued, ringing and connecting", async () => {
      await availableAgent(store, "e2", "5002", 3);
      const fresh = await openSession(store, "e2-new");
      expect(ok(await sessions.releaseSlot(fresh, "customer_hangup", T0))).toMatchObject({ released: true, statusChange: null });
      const queued = ok(await sessions.createSession({ kind: "queue", customerChannelId: "e2-q", customerNumber: "1", callerName: "", queueNumber: "8000" }, T0));
      expect(ok(await sessions.releaseSlot(queued.session.sessionId, "customer_hangup", T0))).toMatchObject({ released: true, session: { state: "queued" } });

      const ringing = await openSession(store, "e2-ring");
      ok(await sessions.reserveSlot(ringing, "e2", T0 + RING_MS, T0));
      const connecting = await openSession(store, "e2-conn");
      ok(await sessions.reserveSlot(connecting, "e2", T0 + RING_MS, T0));
      ok(await sessions.markConnecting(connecting, "e2", T0));
      expect(ok(await sessions.releaseSlot(ringing, "ring_timeout", T0 + 1)).statusChange).toMatchObject({ status: "ringing", callCount: 1 });
      expect(await t.redis.zscore(keys.ringDeadlines(), ringing)).toBeNull();
      expect(ok(await sessions.releaseSlot(connecting, "customer_hangup", T0 + 2)).statusChange).toMatchObject({
        status: "available",
        previousStatus: "ringing",
        callCount: 0,
      });
      expect(await agents.getAgent("e2")).toMatchObject({ status: "available", calls: [], capacity: { current: 0, max: 3, canTakeCall: true } });
    });

    it("counts a call the agent was connected with as handled, with its end, and no other", async () => {
      await availableAgent(store, "e3", "5003", 2);
      expect(await agents.getAgent("e3")).toMatchObject({ callsHandled: 0, lastCallEndedAt: null });
      const missed = await openSession(store, "e3-missed");
      ok(await sessions.reserveSlot(missed, "e3", T0 + RING_MS, T0));
      expect(ok(await sessions.releaseSlot(missed, "ring_timeout", T0 + 1)).statusChange).toMatchObject({ callsHandled: 0, lastCallEndedAt: null });

      const talked = await openSession(store, "e3-talked");
      ok(await sessions.reserveSlot(talked, "e3", T0 + RING_MS, T0));
      ok(await sessions.markConnecting(talked, "e3", T0 + 10));
      ok(await sessions.connectCall(talked, "bridge-e3", T0 + 20));
      const ended = ok(await sessions.releaseSlot(talked, "customer_left", T0 + 5000));
      expect(ended.statusChange).toMatchObject({ callsHandled: 1, lastCallEndedAt: T0 + 5000 });
      // Transferred to a queue while connected: handled too.
      const moved = await openSession(store, "e3-moved");
      ok(await sessions.reserveSlot(moved, "e3", T0 + RING_MS, T0 + 6000));
      ok(await sessions.markConnecting(moved, "e3", T0 + 6010));
      ok(await sessions.connectCall(moved, "bridge-e3b", T0 + 6020));
      expect(ok(await store.queueStore.requeueSession(moved, "8000", T0 + 9000)).statusChange).toMatchObject({ callsHandled: 2, lastCallEndedAt: T0 + 9000 });
      expect(await agents.getAgent("e3")).toMatchObject({ callsHandled: 2, lastCallEndedAt: T0 + 9000 });
    });
  });

  it("counts the day's sessions", async () => {
    const day = Date.UTC(2024, 5, 1, 12);
    const counted = createStateStore(t.redis, `${t.prefix}counters:`);
    await availableAgent(counted, "d1", "6001", 2);
    const first = await openSession(counted, "d-ch1", day);
    const second = await openSession(counted, "d-ch2", day);
    ok(await counted.sessions.reserveSlot(first, "d1", day + RING_MS, day));
    ok(await counted.sessions.markConnecting(first, "d1", day));
    ok(await counted.sessions.connectCall(first, "b", day));
    ok(await counted.sessions.releaseSlot(first, "agent_hangup", day));
    ok(await counted.sessions.releaseSlot(first, "agent_hangup", day));
    await openSession(counted, "d-ch3", day);
    ok(await counted.sessions.releaseSlot(second, "customer_hangup", day));
    expect(await counted.sessions.dailyCounters(day)).toEqual({ sessionsCreated: 3, sessionsConnected: 1, sessionsEnded: 2, peakOpenSessions: 2 });
    expect(await counted.sessions.dailyCounters(day - 24 * 3600 * 1000)).toEqual({
      sessionsCreated: 0,
      sessionsConnected: 0,
      sessionsEnded: 0,
      peakOpenSessions: 0,
    });
  });
});
