/**
 * Replay on reconnect beyond its limit and past the log's trim: the client is told, with a
 * `replay_truncated` frame, instead of silently getting 1,000 events or fewer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerFrame } from "@acc/shared-types";
import { eventIds, startHarness, statusUpdate, type Harness, type TestClient } from "./harness.js";

async function publishMany(h: Harness, agentId: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => h.publisher.publish("agent_status_updated", statusUpdate(agentId), { agentIds: [agentId] })));
}

/** Opens an agent screen resuming after `lastEventId`; returns it and every frame up to the pong of a sync. */
async function resume(h: Harness, agentId: string, lastEventId: string): Promise<{ client: TestClient; frames: ServerFrame[] }> {
  const client = await h.connect(await h.token("agent", agentId), { lastEventId });
  return { client, frames: await client.sync() };
}

const truncationOf = (frames: ServerFrame[]) => frames.filter((f) => "type" in f && f.type === "replay_truncated");

describe("replay beyond the limit", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("sends 1000 events, then replay_truncated with the id to continue after; replay_events brings the rest", async () => {
    const [marker] = await publishMany(h, "6001", 1);
    const published = await publishMany(h, "6001", 1100);
    const { client, frames } = await resume(h, "6001", marker!);
    // The first event frame is system_state.
    expect(eventIds(frames).slice(1)).toEqual(published.slice(0, 1000));
    expect(truncationOf(frames)).toEqual([{ type: "replay_truncated", afterId: marker, nextAfterId: published[999], hasMore: true, truncated: false }]);
    // The frame follows the replayed events.
    expect(frames.at(-1)).toMatchObject({ type: "replay_truncated" });

    const rest = await client.command({ type: "replay_events", id: "rest", afterId: published[999]! });
    expect(eventIds(rest)).toEqual(published.slice(1000));
    expect(rest.at(-1)).toEqual({ type: "ack", id: "rest", success: true, result: { replayed: 100, truncated: false, hasMore: false, nextAfterId: published[1099] } });
  });

  it("sends no replay_truncated when everything missed was replayed", async () => {
    const [marker] = await publishMany(h, "6002", 1);
    const published = await publishMany(h, "6002", 5);
    const { frames } = await resume(h, "6002", marker!);
    expect(eventIds(frames).slice(1)).toEqual(published);
    expect(truncationOf(frames)).toEqual([]);
  });
});

describe("replay past the trimmed log", () => {
  let h: Harness;
  let published: string[];
  beforeAll(async () => {
    // MAXLEN ~ trims whole stream nodes (100 entries each by default): 300 events leave some 100-200.
    h = await startHarness({ maxLength: 10 });
    published = await publishMany(h, "7001", 300);
  });
  afterAll(() => h.close());

  it("says truncated when lastEventId is older than what the log still holds", async () => {
    const { frames } = await resume(h, "7001", published[0]!);
    const [truncation] = truncationOf(frames);
    expect(truncation).toMatchObject({ type: "replay_truncated", afterId: published[0], truncated: true, hasMore: false });
    const replayed = eventIds(frames).slice(1);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.length).toBeLessThan(299);
    expect(truncation).toMatchObject({ nextAfterId: replayed.at(-1) });
  });

  it("does not say truncated after an id the log still holds, however much was trimmed before it", async () => {
    const [oldest] = await h.redis.redis.xrange(`${h.redis.prefix}events`, "-", "+", "COUNT", 1);
    const oldestKept = oldest![0];
    expect(published.indexOf(oldestKept)).toBeGreaterThan(0);
    const { frames } = await resume(h, "7001", oldestKept);
    expect(truncationOf(frames)).toEqual([]);
    expect(eventIds(frames).slice(1)).toEqual(published.slice(published.indexOf(oldestKept) + 1));
  });
});
