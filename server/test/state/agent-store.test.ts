import { afterAll, describe, expect, it } from "vitest";
import { createStateStore } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";
import { availableAgent, ok, openSession, RING_MS, T0 } from "./fixtures.js";

describe("AgentStore", () => {
  const t = testRedis();
  const store = createStateStore(t.redis, t.prefix);
  afterAll(() => t.cleanup());

  it("creates an agent offline and reports it as a change", async () => {
    const created = ok(await store.agents.upsertAgent({ agentId: "a1", extension: "1001", agentName: "John Doe", maxCalls: 3 }, T0));
    expect(created.created).toBe(true);
    expect(created.statusChange).toEqual({
      agentId: "a1",
      status: "offline",
      previousStatus: "offline",
      callCount: 0,
      calls: [],
      changed: true,
      capacity: { current: 0, max: 3, canTakeCall: false },
      statusChangedAt: "2024-01-15T10:30:00.000Z",
      lastUpdate: "2024-01-15T10:30:00.000Z",
      wrapUpUntil: null,
      lastCallEndedAt: null,
      callsHandled: 0,
    });
    expect(await store.agents.getAgent("a1")).toEqual({
      agentId: "a1",
      extension: "1001",
      agentName: "John Doe",
      maxCalls: 3,
      presence: "offline",
      pauseReason: null,
      wrapUpUntil: null,
      status: "offline",
      previousStatus: null,
      statusChangedAt: "2024-01-15T10:30:00.000Z",
      lastUpdate: "2024-01-15T10:30:00.000Z",
      lastCallEndedAt: null,
      callsHandled: 0,
      calls: [],
      capacity: { current: 0, max: 3, canTakeCall: false },
    });
    expect((await store.agents.findByExtension("1001"))?.agentId).toBe("a1");
  });

  it("updates roster fields without touching presence, and moves the extension index", async () => {
    ok(await store.agents.setPresence("a1", "available", undefined, T0 + 1000));
    const updated = ok(await store.agents.upsertAgent({ agentId: "a1", extension: "1011", agentName: "John D.", maxCalls: 2 }, T0 + 2000));
    expect(updated.created).toBe(false);
    expect(updated.statusChange).toMatchObject({ status: "available", changed: true, capacity: { current: 0, max: 2, canTakeCall: true } });
    expect(await store.agents.findByExtension("1001")).toBeNull();
    expect(await store.agents.findByExtension("1011")).toMatchObject({ agentId: "a1", agentName: "John D.", presence: "available" });
    const same = ok(await store.agents.upsertAgent({ agentId: "a1", extension: "1011", agentName: "John Doe", maxCalls: 2 }, T0 + 3000));
    expect(same.statusChange.changed).toBe(false);
  });

  it("refuses an extension owned by another agent and bad roster values", async () => {
    ok(await store.agents.upsertAgent({ agentId: "a2", extension: "1002", agentName: "Jane", maxCalls: 1 }, T0));
    expect(await store.agents.upsertAgent({ agentId: "a2", extension: "1011", agentName: "Jane", maxCalls: 1 }, T0)).toMatchObject({
      ok: false,
      code: "EXTENSION_IN_USE",
    });
    expect((await store.agents.getAgent("a2"))?.extension).toBe("1002");
    expect(await store.agents.upsertAgent({ agentId: "a3", extension: "1003", agentName: "X", maxCalls: 0 }, T0)).toMatchObject({
      ok: false,
      code: "INVALID_ARGUMENT",
    });
    expect(await store.agents.upsertAgent({ agentId: "", extension: "1003", agentName: "X", maxCalls: 1 }, T0)).toMatchObject({
      ok: false,
      code: "INVALID_ARGUMENT",
    });
    expect(await store.agents.getAgent("a3")).toBeNull();
  });

  it("sets presence, keeping the pause reason only while paused", async () => {
    const paused = ok(await store.agents.setPresence("a2", "paused", "lunch", T0 + 5000));
    expect(paused.statusChange).toMatchObject({
      status: "paused",
      previousStatus: "offline",
      changed: true,
      statusChangedAt: "2024-01-15T10:30:05.000Z",
    });
    expect(await store.agents.getAgent("a2")).toMatchObject({ presence: "paused", pauseReason: "lunch", previousStatus: "offline" });
    const again = ok(await store.agents.setPresence("a2", "paused", "lunch", T0 + 6000));
    expect(again.statusChange).toMatchObject({ changed: false, statusChangedAt: "2024-01-15T10:30:05.000Z", lastUpdate: "2024-01-15T10:30:06.000Z" });
    ok(await store.agents.setPresence("a2", "available", "ignored", T0 + 7000));
    expect(await store.agents.getAgent("a2")).toMatchObject({ presence: "available", pauseReason: null, status: "available" });
  });

  it("refuses presence for an unknown agent or an unknown presence", async () => {
    expect(await store.agents.setPresence("nobody", "available", undefined, T0)).toMatchObject({ ok: false, code: "UNKNOWN_AGENT" });
    expect(await store.agents.setPresence("a2", "busy" as never, undefined, T0)).toMatchObject({ ok: false, code: "INVALID_ARGUMENT" });
  });

  it("keeps calls held when presence changes, and reports capacity changes", async () => {
    await availableAgent(store, "a4", "1004", 2);
    const sessionId = await openSession(store, "ch-a4");
    ok(await store.sessions.reserveSlot(sessionId, "a4", T0 + RING_MS, T0));
    const paused = ok(await store.agents.setPresence("a4", "paused", undefined, T0 + 1000));
    // Status stays "ringing", but the agent can no longer take a call: still a change to show.
    expect(paused.statusChange).toMatchObject({
      status: "ringing",
      previousStatus: "ringing",
      changed: true,
      callCount: 1,
      calls: [{ sessionId, state: "ringing" }],
      capacity: { current: 1, max: 2, canTakeCall: false },
    });
    expect(await store.agents.getAgent("a4")).toMatchObject({ pauseReason: null, presence: "paused" });
  });

  it("lists every agent by extension", async () => {
    expect((await store.agents.listAgents()).map((a) => [a.agentId, a.extension])).toEqual([
      ["a2", "1002"],
      ["a4", "1004"],
      ["a1", "1011"],
    ]);
  });
});
