import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import { ClientHub, EventPublisher, compareStreamIds } from "../../src/ws/index.js";
import { testRedis } from "@acc/test-support";
import { statusUpdate } from "./harness.js";

const logger = pino({ level: "silent" });
const agent = (agentId: string) => ({ role: "agent" as const, agentId, subject: agentId });
const supervisor = { role: "supervisor" as const, subject: "supervisor" };
const ops = { role: "ops" as const, subject: "ops" };

describe("EventPublisher and the event log", () => {
  const t = testRedis();
  let streamKey: string;
  let publisher: EventPublisher;
  beforeAll(() => {
    streamKey = `${t.prefix}events`;
    publisher = new EventPublisher({ redis: t.redis, streamKey, hub: new ClientHub({ logger }), logger });
  });
  afterAll(() => t.cleanup());

  it("starts from 0-0 on an empty log and replays nothing", async () => {
    expect(await publisher.lastId()).toBe("0-0");
    expect(await publisher.replay("0-0", ops)).toEqual({ events: [], truncated: false, hasMore: false, nextAfterId: "0-0" });
  });

  it("logs name, payload and audience under increasing ids that a new publisher (a restart) continues", async () => {
    const payload = statusUpdate("1001");
    const first = await publisher.publish("agent_status_updated", payload, { agentIds: ["1001"], supervisors: true });
    const second = await publisher.publish("agent_status_updated", statusUpdate("1002"), { ops: true });
    expect(compareStreamIds(first, second)).toBeLessThan(0);
    const [[id, fields]] = (await t.redis.xrange(streamKey, first, first)) as [[string, string[]]];
    expect(id).toBe(first);
    const [eventField, event, dataField, data, audienceField, audience] = fields;
    expect([eventField, event, dataField, audienceField]).toEqual(["event", "agent_status_updated", "data", "audience"]);
    expect(JSON.parse(data!)).toEqual(payload);
    expect(JSON.parse(audience!)).toEqual({ agentIds: ["1001"], supervisors: true });

    const restarted = new EventPublisher({ redis: t.redis, streamKey, hub: new ClientHub({ logger }), logger });
    expect(await restarted.lastId()).toBe(second);
    const third = await restarted.publish("agent_status_updated", statusUpdate("1001"), { agentIds: ["1001"] });
    expect(compareStreamIds(second, third)).toBeLessThan(0);
  });

  it("replays to each identity only what its audience rule allows, with payloads intact", async () => {
    const ids = (replay: { events: { id: string }[] }) => replay.events.map((e) => e.id);
    const all = (await t.redis.xrange(streamKey, "-", "+")).map(([id]) => id);
    expect(all).toHaveLength(3);
    const [first, second, third] = all as [string, string, string];
    expect(ids(await publisher.replay("0-0", agent("1001")))).toEqual([first, third]);
    expect(ids(await publisher.replay("0-0", agent("1002")))).toEqual([]);
    expect(ids(await publisher.replay("0-0", supervisor))).toEqual([first]);
    expect(ids(await publisher.replay("0-0", ops))).toEqual([second]);
    expect(ids(await publisher.replay(first, agent("1001")))).toEqual([third]);
    const [event] = (await publisher.replay("0-0", ops)).events;
    expect(event).toMatchObject({ event: "agent_status_updated", id: second, data: { agentId: "1002", capacity: { max: 2 } } });
  });

  it("stops at the limit with hasMore, and at `until`", async () => {
    const more: string[] = [];
    for (let i = 0; i < 5; i++) more.push(await publisher.publish("agent_status_updated", statusUpdate("7001"), { agentIds: ["7001"] }));
    const limited = await publisher.replay("0-0", agent("7001"), 3);
    expect(limited.events.map((e) => e.id)).toEqual(more.slice(0, 3));
    expect(limited.hasMore).toBe(true);
    const rest = await publisher.replay(more[2]!, agent("7001"), 3);
    expect(rest.events.map((e) => e.id)).toEqual(more.slice(3));
    expect(rest.hasMore).toBe(false);
    expect((await publisher.replay("0-0", agent("7001"), 100, more[1])).events.map((e) => e.id)).toEqual(more.slice(0, 2));
  });

  it("flags truncation only when events after afterId may have been trimmed", async () => {
    const small = new EventPublisher({ redis: t.redis, streamKey: `${t.prefix}small`, maxLength: 10, hub: new ClientHub({ logger }), logger });
    const first = await small.publish("agent_status_updated", statusUpdate("8001"), { ops: true });
    expect((await small.replay("0-0", ops)).truncated).toBe(false);
    for (let i = 0; i < 300; i++) await small.publish("agent_status_updated", statusUpdate("8001"), { ops: true });
    expect(await t.redis.xlen(`${t.prefix}small`)).toBeLessThan(300);
    const fromStart = await small.replay("0-0", ops);
    expect(fromStart.truncated).toBe(true);
    expect((await small.replay(first, ops)).truncated).toBe(true);
    const kept = fromStart.events[0]!.id;
    const fromKept = await small.replay(kept, ops);
    expect(fromKept.truncated).toBe(false);
    expect(fromKept.events).toHaveLength(fromStart.events.length - 1);
  });

  it("refuses an afterId that is not an event id", async () => {
    await expect(publisher.replay("last-tuesday", ops)).rejects.toMatchObject({ name: "CommandError", code: "INVALID_MESSAGE" });
  });
});

describe("EventPublisher with publishes in one turn", () => {
  const t = testRedis();
  afterAll(() => t.cleanup());

  it("appends them in one pipeline, under ids in call order, and delivers them in that order", async () => {
    const delivered: string[] = [];
    const hub = new ClientHub({ logger });
    const deliver = hub.deliver.bind(hub);
    hub.deliver = (frame, audience, eventId) => {
      delivered.push(eventId!);
      return deliver(frame, audience, eventId);
    };
    const publisher = new EventPublisher({ redis: t.redis, streamKey: `${t.prefix}turn`, hub, logger });
    const pipelines = vi.spyOn(t.redis, "pipeline");
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => publisher.publish("agent_status_updated", statusUpdate(`${2000 + i}`), { supervisors: true })));
    expect(pipelines).toHaveBeenCalledTimes(1);
    pipelines.mockRestore();
    expect([...ids].sort(compareStreamIds)).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(delivered).toEqual(ids);
    const logged = (await t.redis.xrange(`${t.prefix}turn`, "-", "+")) as [string, string[]][];
    expect(logged.map(([id, fields]) => [id, JSON.parse(fields[3]!).agentId])).toEqual(ids.map((id, i) => [id, `${2000 + i}`]));
  });

  it("rejects each publish of a failed append and delivers none of them", async () => {
    const key = `${t.prefix}not-a-stream`;
    await t.redis.set(key, "a string, so XADD fails with WRONGTYPE");
    const hub = new ClientHub({ logger });
    const deliver = vi.spyOn(hub, "deliver");
    const publisher = new EventPublisher({ redis: t.redis, streamKey: key, hub, logger });
    const results = await Promise.allSettled([1, 2, 3].map((i) => publisher.publish("agent_status_updated", statusUpdate(`${i}`), { ops: true })));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
    expect(deliver).not.toHaveBeenCalled();
  });
});
