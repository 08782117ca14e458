import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventIds, startHarness, statusUpdate, type Harness, type TestClient } from "./harness.js";

async function connected(h: Harness, client: Promise<TestClient>): Promise<TestClient> {
  const c = await client;
  expect(await c.next()).toMatchObject({ type: "connected" });
  expect(await c.next()).toMatchObject({ event: "system_state" });
  return c;
}

describe("routing of events by role and agent", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("sends each event only to its audience, to every screen of an agent, once", async () => {
    const [a1, a1b, b, supervisor, ops] = await Promise.all([
      connected(h, h.token("agent", "1001").then((t) => h.connect(t))),
      connected(h, h.token("agent", "1001").then((t) => h.connect(t))),
      connected(h, h.token("agent", "1002").then((t) => h.connect(t))),
      connected(h, h.token("supervisor").then((t) => h.connect(t))),
      connected(h, h.token("ops").then((t) => h.connect(t))),
    ]);
    expect(h.hub.size).toBe(5);
    expect(h.hub.countsByRole()).toEqual({ agent: 3, supervisor: 1, ops: 1 });

    const forA = await h.publisher.publish("agent_status_updated", statusUpdate("1001"), { agentIds: ["1001", "1001"], supervisors: true });
    const forB = await h.publisher.publish("agent_status_updated", statusUpdate("1002"), { agentIds: ["1002"], supervisors: true });
    const forBoth = await h.publisher.publish("agent_status_updated", statusUpdate("1001"), { agentIds: ["1001", "1002"] });
    const forOps = await h.publisher.publish("agent_status_updated", statusUpdate("9999"), { ops: true });
    const forNobody = await h.publisher.publish("agent_status_updated", statusUpdate("9999"), {});

    expect(eventIds(await a1!.sync())).toEqual([forA, forBoth]);
    expect(eventIds(await a1b!.sync())).toEqual([forA, forBoth]);
    expect(eventIds(await b!.sync())).toEqual([forB, forBoth]);
    expect(eventIds(await supervisor!.sync())).toEqual([forA, forB]);
    expect(eventIds(await ops!.sync())).toEqual([forOps]);
    expect(forNobody > forOps).toBe(true);

    expect(h.hookCalls.filter((call) => call.hook === "onConnect")).toHaveLength(5);
    a1b!.ws.close();
    await a1b!.closed;
    await a1!.until(() => h.hub.size === 4, "the hub to forget the closed screen");
    expect(h.hookCalls.filter((call) => call.hook === "onDisconnect")).toEqual([
      { hook: "onDisconnect", clientId: a1b!.clientId, identity: { role: "agent", agentId: "1001", subject: "1001" } },
    ]);
    expect(h.hub.countsByRole()).toEqual({ agent: 2, supervisor: 1, ops: 1 });
    const later = await h.publisher.publish("agent_status_updated", statusUpdate("1001"), { agentIds: ["1001"] });
    expect(eventIds(await a1!.sync())).toEqual([later]);
  });
});

describe("replay of missed events", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxLength: 10 });
  });
  afterAll(() => h.close());

  it("replays on reconnect exactly the missed events the identity may see, then goes live", async () => {
    const token = await h.token("agent", "3001");
    const first = await connected(h, h.connect(token));
    const seen = await h.publisher.publish("agent_status_updated", statusUpdate("3001"), { agentIds: ["3001"] });
    expect(eventIds(await first.sync())).toEqual([seen]);
    first.ws.close();
    await first.closed;

    const missed1 = await h.publisher.publish("agent_status_updated", statusUpdate("3001"), { agentIds: ["3001"], supervisors: true });
    await h.publisher.publish("agent_status_updated", statusUpdate("3002"), { agentIds: ["3002"], supervisors: true });
    await h.publisher.publish("agent_status_updated", statusUpdate("3002"), { supervisors: true, ops: true });
    const missed2 = await h.publisher.publish("agent_status_updated", statusUpdate("3001"), { agentIds: ["3002", "3001"] });

    const again = await h.connect(token, { lastEventId: seen });
    expect(await again.next()).toMatchObject({ type: "connected" });
    expect(await again.next()).toMatchObject({ event: "system_state", id: missed2 });
    expect(eventIds(await again.sync())).toEqual([missed1, missed2]);
    const live = await h.publisher.publish("agent_status_updated", statusUpdate("3001"), { agentIds: ["3001"] });
    expect(eventIds(await again.sync())).toEqual([live]);

    const replayed = await again.command({ type: "replay_events", id: "r1", afterId: seen });
    expect(eventIds(replayed)).toEqual([missed1, missed2, live]);
    expect(replayed.at(-1)).toEqual({ type: "ack", id: "r1", success: true, result: { replayed: 3, truncated: false, hasMore: false, nextAfterId: live } });
  });

  it("says truncated when the log no longer holds events after afterId, and refuses a malformed afterId", async () => {
    const ops = await connected(h, h.token("ops").then((t) => h.connect(t)));
    const oldest = await h.publisher.publish("agent_status_updated", statusUpdate("4001"), { ops: true });
    // MAXLEN ~ trims whole stream nodes (100 entries by default), so push well past one node.
    for (let i = 0; i < 250; i++) await h.publisher.publish("agent_status_updated", statusUpdate("4001"), { agentIds: ["4001"] });
    await ops.sync();
    expect(await ops.command({ type: "replay_events", id: "r2", afterId: oldest })).toEqual([
      { type: "ack", id: "r2", success: true, result: { replayed: 0, truncated: true, hasMore: false, nextAfterId: oldest } },
    ]);
    expect(await ops.command({ type: "replay_events", id: "r3", afterId: "yesterday" })).toEqual([
      { type: "error", id: "r3", code: "INVALID_MESSAGE", error: expect.stringContaining('afterId "yesterday" is not an event id') },
    ]);
  });
});
