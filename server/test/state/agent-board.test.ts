/** The in-memory agent board against real Redis: it follows status changes and reloads when old. */
import { afterAll, describe, expect, it } from "vitest";
import { AgentBoard, createStateStore } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";
import { availableAgent, ok, openSession, RING_MS, T0 } from "./fixtures.js";

describe("AgentBoard", () => {
  const t = testRedis();
  const store = createStateStore(t.redis, t.prefix);
  let clock = T0;
  const board = new AgentBoard(store.agents, { maxAgeMs: 5000, now: () => clock });
  afterAll(() => t.cleanup());

  it("lists the agents from Redis, then follows the changes it is given without reading again", async () => {
    await availableAgent(store, "b1", "2001", 2);
    await availableAgent(store, "b2", "2002", 1);
    expect((await board.listAgents()).map((a) => [a.agentId, a.status])).toEqual([
      ["b1", "available"],
      ["b2", "available"],
    ]);

    const sessionId = await openSession(store, "board-ch1");
    const reserved = ok(await store.sessions.reserveSlot(sessionId, "b2", T0 + RING_MS, T0));
    board.apply(reserved.statusChange);
    const paused = ok(await store.agents.setPresence("b1", "paused", "lunch", T0));
    board.put((await store.agents.getAgent("b1"))!);
    // A change the board is not told of shows only after the next reload.
    ok(await store.agents.setPresence("b1", "offline", undefined, T0));

    const listed = await board.listAgents();
    expect(listed.find((a) => a.agentId === "b2")).toMatchObject({ status: "ringing", capacity: { current: 1, max: 1, canTakeCall: false }, calls: [{ sessionId, state: "ringing" }] });
    expect(listed.find((a) => a.agentId === "b1")).toMatchObject({ status: paused.statusChange.status, presence: "paused", pauseReason: "lunch" });

    clock += 5001;
    expect((await board.listAgents()).find((a) => a.agentId === "b1")).toMatchObject({ status: "offline", presence: "offline", pauseReason: null });
  });

  it("applies another process's agent_status_updated, and reloads for an agent it does not know", async () => {
    board.applyEvent({
      agentId: "b2",
      extension: "2002",
      agentName: "Renamed",
      status: "paused",
      previousStatus: "ringing",
      activeCalls: [],
      callCount: 0,
      statusChangedAt: "2024-01-15T10:31:00.000Z",
      lastUpdate: "2024-01-15T10:31:00.000Z",
      capacity: { current: 0, max: 1, canTakeCall: false },
      pauseReason: "training",
    });
    expect((await board.listAgents()).find((a) => a.agentId === "b2")).toMatchObject({ agentName: "Renamed", status: "paused", presence: "paused", pauseReason: "training", calls: [] });

    await availableAgent(store, "b3", "2003", 1);
    board.apply(ok(await store.agents.setPresence("b3", "available", undefined, T0)).statusChange);
    // b3 was unknown: the board reloads on the next listing and sees Redis again (b2 as stored).
    const listed = await board.listAgents();
    expect(listed.map((a) => a.agentId)).toEqual(["b1", "b2", "b3"]);
    expect(listed.find((a) => a.agentId === "b2")).toMatchObject({ agentName: "Agent b2", status: "ringing" });
  });
});
