/**
 * Per-queue figures of system_stats against real Redis: a worked example computed by hand, SL2 as
 * app_queue counts it, idempotent recording, the 60-minute window, which queues are listed, and the
 * change-triggered pushes read back from the event log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { systemStatsSchema, type SystemStats } from "@acc/shared-types";
import { QueueDirectory, queueConfigSchema } from "../../src/queues/queue-config.js";
import { createStateStore } from "../../src/state/index.js";
import { collectQueueStats, type WaitingCall } from "../../src/system-stats/queue-stats.js";
import { StatsRecorder } from "../../src/state/index.js";
import { startStatsPublisher } from "../../src/system-stats/stats-publisher.js";
import { collectSystemStats, type StatsSources } from "../../src/system-stats/system-stats.js";
import { ClientHub, EventPublisher } from "../../src/ws/index.js";
import { availableAgent, ok, openSession, RING_MS, T0 } from "../state/fixtures.js";
import { testRedis } from "@acc/test-support";

const logger = pino({ level: "silent" });
const S = 1000;
const MIN = 60 * S;
/** The collection time of the worked example; agents were set up at T0, two hours earlier. */
const NOW = T0 + 120 * MIN;

describe("per-queue statistics", () => {
  const t = testRedis();
  const store = createStateStore(t.redis, t.prefix);
  const recorder = new StatsRecorder(t.redis, store.keys);
  const queues = new QueueDirectory([
    queueConfigSchema.parse({ queueNumber: "5000", name: "Sales", members: ["a1", "a2", "a3", "a4", "a5", "a6"], serviceLevelS: 20 }),
    queueConfigSchema.parse({ queueNumber: "6000", name: "Support", members: ["a1"], serviceLevelS: 10 }),
  ]);
  let waiting: WaitingCall[] = [];
  const sources = () => ({ redis: t.redis, keys: store.keys, agents: store.agents, queues, waiting: async () => waiting });

  beforeAll(async () => {
    // a1 available, a2 paused, a3 on a connected call, a4 ringing, a5 in wrap-up, a6 offline;
    // a7 is available but serves no configured queue except through queues with no member list.
    for (const [agentId, extension] of [["a1", "1001"], ["a2", "1002"], ["a3", "1003"], ["a4", "1004"], ["a5", "1005"], ["a7", "1007"]] as const) {
      await availableAgent(store, agentId, extension, 1);
    }
    ok(await store.agents.upsertAgent({ agentId: "a6", extension: "1006", agentName: "Agent a6", maxCalls: 1 }, T0));
    ok(await store.agents.setPresence("a2", "paused", "lunch", T0));
    const talking = await openSession(store, "ch-a3");
    ok(await store.sessions.reserveSlot(talking, "a3", T0 + RING_MS, T0));
    ok(await store.sessions.markConnecting(talking, "a3", T0));
    ok(await store.sessions.connectCall(talking, "bridge-a3", T0));
    const ringing = await openSession(store, "ch-a4");
    ok(await store.sessions.reserveSlot(ringing, "a4", T0 + RING_MS, T0));
    const wrapping = await openSession(store, "ch-a5");
    ok(await store.sessions.reserveSlot(wrapping, "a5", T0 + RING_MS, T0));
    ok(await store.sessions.markConnecting(wrapping, "a5", T0));
    ok(await store.sessions.connectCall(wrapping, "bridge-a5", T0));
    ok(await store.sessions.releaseSlot(wrapping, "customer_hangup", T0, 24 * 60 * MIN));
    expect((await store.agents.getAgent("a5"))?.status).toBe("wrap_up");
  });
  afterAll(() => t.cleanup());

  it("matches the worked example computed by hand", async () => {
    // Queue 5000, threshold 20 s, over the 60 minutes up to NOW:
    //   answered after waits of 5, 15 and 30 s → 2 of 3 within 20 s; abandoned after 40 s → 1.
    //   serviceLevel = 2 ÷ 3 = 66.7 %; SL2 = (2 answered + 0 abandoned within 20 s) ÷ 4 = 50 %;
    //   abandonRate = 1 ÷ 4 = 25 %; avgWait = (5 + 15 + 30) ÷ 3 = 16.67 → 17 s (abandoned wait not counted).
    //   handle times 60 and 120 s → avgHandleTime 90 s.
    //   2 waiting since NOW − 50 s and NOW − 10 s → waiting 2, longestWait 50 s.
    //   members a1..a6: available a1; on call a3 (on_call) and a4 (ringing); paused a2; wrap-up a5; a6 offline.
    await recorder.recordQueueAnswered("5000", "s1", 5 * S, NOW - 40 * MIN);
    await recorder.recordQueueAnswered("5000", "s2", 15 * S, NOW - 30 * MIN);
    await recorder.recordQueueAnswered("5000", "s3", 30 * S, NOW - 20 * MIN);
    await recorder.recordQueueAbandoned("5000", "s4", 40 * S, NOW - 10 * MIN);
    await recorder.recordHandleTime("5000", "s1", 60 * S, NOW - 39 * MIN);
    await recorder.recordHandleTime("5000", "s2", 120 * S, NOW - 28 * MIN);
    waiting = [
      { queueNumber: "5000", enqueuedAt: NOW - 50 * S },
      { queueNumber: "5000", enqueuedAt: NOW - 10 * S },
    ];

    const stats = await collectQueueStats(sources(), NOW);

    expect(stats["5000"]).toEqual({
      waiting: 2,
      longestWait: 50,
      serviceLevel: 66.7,
      serviceLevelWithAbandoned: 50,
      abandoned: 1,
      abandonRate: 25,
      avgWait: 17,
      avgHandleTime: 90,
      agentsAvailable: 1,
      agentsOnCall: 2,
      agentsPaused: 1,
      agentsInWrapUp: 1,
    });
    expect(await recorder.averageHandleTimeS("5000", NOW)).toBe(90);
  });

  it("counts an abandon within the threshold as in service level in SL2, as app_queue does", async () => {
    // Queue 6000, threshold 10 s: answered after 8, 9 and 12 s (2 within); abandoned after 3 s
    // (within) and 25 s. SL = 2 ÷ 3 = 66.7 %; SL2 = (2 + 1) ÷ 5 = 60 %; abandonRate = 2 ÷ 5 = 40 %;
    // avgWait = 29 ÷ 3 = 9.67 → 10 s; no call ended → avgHandleTime 0. Members: a1 only (available).
    await recorder.recordQueueAnswered("6000", "q1", 8 * S, NOW - 5 * MIN);
    await recorder.recordQueueAnswered("6000", "q2", 9 * S, NOW - 4 * MIN);
    await recorder.recordQueueAnswered("6000", "q3", 12 * S, NOW - 3 * MIN);
    await recorder.recordQueueAbandoned("6000", "q4", 3 * S, NOW - 2 * MIN);
    await recorder.recordQueueAbandoned("6000", "q5", 25 * S, NOW - 1 * MIN);
    waiting = [];

    expect((await collectQueueStats(sources(), NOW))["6000"]).toEqual({
      waiting: 0,
      longestWait: 0,
      serviceLevel: 66.7,
      serviceLevelWithAbandoned: 60,
      abandoned: 2,
      abandonRate: 40,
      avgWait: 10,
      avgHandleTime: 0,
      agentsAvailable: 1,
      agentsOnCall: 0,
      agentsPaused: 0,
      agentsInWrapUp: 0,
    });
    expect(await recorder.averageHandleTimeS("6000", NOW)).toBeNull();
  });

  it("counts a repeated record of the same session once", async () => {
    const before = (await collectQueueStats(sources(), NOW))["5000"];
    expect(await recorder.recordQueueAnswered("5000", "s3", 2 * S, NOW - 1 * MIN)).toBe(false);
    expect(await recorder.recordQueueAbandoned("5000", "s4", 1 * S, NOW - 1 * MIN)).toBe(false);
    expect(await recorder.recordHandleTime("5000", "s2", 1 * S, NOW - 1 * MIN)).toBe(false);
    expect((await collectQueueStats(sources(), NOW))["5000"]).toEqual(before);
    // The same session may have each kind of outcome once: s3's handle time is new.
    expect(await recorder.recordHandleTime("5000", "s3", 30 * S, NOW - 1 * MIN)).toBe(true);
    expect(await recorder.averageHandleTimeS("5000", NOW)).toBe(70);
  });

  it("drops outcomes older than 60 minutes from the figures, and from Redis on the next write", async () => {
    // Queue 7000 (not configured: threshold 20 s). At LATER, the window is (LATER − 60 min, LATER]:
    // e1 (answered 10 s, at LATER − 70 min) and its handle time (at LATER − 60 min exactly) are out;
    // e2 (answered 30 s) and e3 (abandoned 5 s) are in. SL = 0 ÷ 1 = 0 %; SL2 = (0 + 1) ÷ 2 = 50 %;
    // abandonRate 50 %; avgWait 30 s; avgHandleTime 0.
    const LATER = NOW + 30 * MIN;
    await recorder.recordQueueAnswered("7000", "e1", 10 * S, LATER - 70 * MIN);
    await recorder.recordHandleTime("7000", "e1", 100 * S, LATER - 60 * MIN);
    await recorder.recordQueueAnswered("7000", "e2", 30 * S, LATER - 50 * MIN);
    await recorder.recordQueueAbandoned("7000", "e3", 5 * S, LATER - 40 * MIN);
    expect((await collectQueueStats(sources(), LATER - 15 * MIN))["7000"]).toMatchObject({ serviceLevel: 50, avgWait: 20, avgHandleTime: 100 });

    expect((await collectQueueStats(sources(), LATER))["7000"]).toMatchObject({
      serviceLevel: 0,
      serviceLevelWithAbandoned: 50,
      abandoned: 1,
      abandonRate: 50,
      avgWait: 30,
      avgHandleTime: 0,
    });
    expect(await recorder.averageHandleTimeS("7000", LATER)).toBeNull();

    const outcomes = store.keys.statsQueueOutcomes("7000");
    expect(await t.redis.zscore(outcomes, "answered:e1")).not.toBeNull();
    await recorder.recordQueueAnswered("7000", "e4", 1 * S, LATER);
    expect(await t.redis.zscore(outcomes, "answered:e1")).toBeNull();
    expect(await t.redis.zscore(outcomes, "handled:e1")).toBeNull();
    expect(await t.redis.hexists(store.keys.statsQueueDurations("7000"), "answered:e1")).toBe(0);
    expect(await t.redis.zscore(outcomes, "answered:e2")).not.toBeNull();
  });

  it("lists configured queues, and others only while a call waits or an outcome is in the window", async () => {
    // 8100 has a call waiting; 8200 had an abandon 30 min before NOW; neither is configured, so
    // every agent is a member: available a1 and a7, on call a3 and a4, paused a2, wrap-up a5.
    waiting = [{ queueNumber: "8100", enqueuedAt: NOW - 7_500 }];
    await recorder.recordQueueAbandoned("8200", "u1", 12 * S, NOW - 30 * MIN);
    const agents = { agentsAvailable: 2, agentsOnCall: 2, agentsPaused: 1, agentsInWrapUp: 1 };

    const now = await collectQueueStats(sources(), NOW);
    expect(Object.keys(now).sort()).toEqual(["5000", "6000", "7000", "8100", "8200"]);
    expect(now["8100"]).toMatchObject({ waiting: 1, longestWait: 7, abandoned: 0, serviceLevel: 100, serviceLevelWithAbandoned: 100, abandonRate: 0, ...agents });
    expect(now["8200"]).toMatchObject({ waiting: 0, abandoned: 1, abandonRate: 100, serviceLevel: 100, serviceLevelWithAbandoned: 100, ...agents });

    waiting = [];
    const later = await collectQueueStats(sources(), NOW + 91 * MIN);
    expect(Object.keys(later).sort()).toEqual(["5000", "6000"]);
    expect(later["5000"]).toMatchObject({ waiting: 0, abandoned: 0, serviceLevel: 100, serviceLevelWithAbandoned: 100, abandonRate: 0, avgWait: 0, avgHandleTime: 0 });
  });

  describe("in system_stats", () => {
    const base = (): StatsSources => ({
      redis: t.redis,
      keys: store.keys,
      agents: store.agents,
      sessions: store.sessions,
      activeConnections: () => 0,
      ariUp: () => true,
      startedAt: NOW - 60 * S,
    });

    it("adds queues when queue sources are given, and the payload passes the event schema", async () => {
      waiting = [{ queueNumber: "5000", enqueuedAt: NOW - 3 * S }];
      const stats = await collectSystemStats({ ...base(), queueSources: { queues, waiting: async () => waiting } }, NOW);
      expect(systemStatsSchema.parse(stats).queues?.["5000"]).toMatchObject({ waiting: 1, longestWait: 3, serviceLevel: 66.7 });
      expect(await collectSystemStats(base(), NOW)).not.toHaveProperty("queues");
    });

    it("pushes promptly after a change, folds a burst of changes into one push, and skips unchanged figures", async () => {
      const streamKey = store.keys.eventLog();
      const publisher = new EventPublisher({ redis: t.redis, streamKey, hub: new ClientHub({ logger }), logger });
      const pushed = async (): Promise<SystemStats[]> =>
        (await t.redis.xrange(streamKey, "-", "+")).map(([, fields]) => {
          expect(fields.slice(0, 2)).toEqual(["event", "system_stats"]);
          expect(JSON.parse(fields[5]!)).toEqual({ supervisors: true, ops: true });
          return JSON.parse(fields[3]!) as SystemStats;
        });
      waiting = [];
      const stats = startStatsPublisher({
        // An hour: every push seen here was triggered by a change.
        intervalMs: 3_600_000,
        minChangeIntervalMs: 1000,
        publisher,
        sources: { ...base(), queueSources: { queues, waiting: async () => waiting } },
        logger,
        now: () => NOW,
      });
      try {
        await recorder.recordQueueAbandoned("9000", "p1", 1 * S, NOW - 1 * S);
        stats.notifyChange();
        await stats.idle();
        expect((await pushed()).map((s) => s.queues?.["9000"]?.abandoned)).toEqual([1]);

        // Within the second after that push: two more abandons and forty notifications.
        await recorder.recordQueueAbandoned("9000", "p2", 1 * S, NOW - 1 * S);
        for (let i = 0; i < 20; i++) stats.notifyChange();
        await recorder.recordQueueAbandoned("9000", "p3", 1 * S, NOW - 1 * S);
        for (let i = 0; i < 20; i++) stats.notifyChange();
        await stats.idle();
        expect((await pushed()).map((s) => s.queues?.["9000"]?.abandoned)).toEqual([1, 3]);

        // Nothing changed since the last push: the notification pushes nothing.
        stats.notifyChange();
        await stats.idle();
        expect(await pushed()).toHaveLength(2);

        // After stop, changes push nothing.
        stats.stop();
        await recorder.recordQueueAbandoned("9000", "p4", 1 * S, NOW - 1 * S);
        stats.notifyChange();
        await stats.idle();
        expect(await pushed()).toHaveLength(2);
      } finally {
        stats.stop();
      }
    });
  });
});
