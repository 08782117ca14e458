/**
 * The dashboard's data on a running server (real Redis, simulator, HTTP, WebSocket): per-agent
 * figures in system_stats after a real call, the chart history served from Redis, bounded to the
 * last hour, and the configured thresholds.
 */
import { systemStatsSchema } from "@acc/shared-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { StatsHistoryStore } from "../../src/system-stats/stats-history.js";
import { createKeys } from "../../src/state/index.js";
import { startStack, TEST_SECRET, waitFor, type Stack } from "@acc/test-support";

describe("dashboard data", () => {
  let stack: Stack;
  let auth: (role: "supervisor" | "ops" | "agent") => Promise<Record<string, string>>;

  beforeAll(async () => {
    stack = await startStack({ SERVICE_LEVEL_TARGET_PCT: "90", ABANDON_RATE_WARN_PCT: "12" });
    auth = async (role) => ({ authorization: `Bearer ${await signToken(TEST_SECRET, role === "agent" ? { role, agentId: "agent-1001" } : { role })}` });
  });
  afterAll(() => stack.close());

  it("counts a handled call, its talk time and the time logged in today per agent in system_stats", async () => {
    const supervisor = await stack.screen("supervisor");
    const agent = await stack.screen("agent", "agent-1001");
    await agent.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000501" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await new Promise((r) => setTimeout(r, 1100));
    await stack.simulator.control.hangup(channel.id);
    const stats = await supervisor.next("system_stats", (d) => (d.agents?.["agent-1001"]?.callsHandled ?? 0) === 1, 10_000);
    expect(systemStatsSchema.safeParse(stats).success).toBe(true);
    const figures = stats.agents!["agent-1001"]!;
    expect(figures.talkTime).toBeGreaterThanOrEqual(1);
    expect(figures.avgHandleTime).toBe(figures.talkTime);
    expect(figures.loggedInTime).toBeGreaterThanOrEqual(figures.talkTime);
    // Occupancy comes from the ms figures; the whole seconds shown bound it.
    expect(figures.occupancy).toBeGreaterThanOrEqual((figures.talkTime / (figures.loggedInTime + 1)) * 100 - 0.1);
    expect(figures.occupancy).toBeLessThanOrEqual(Math.min(100, ((figures.talkTime + 1) / figures.loggedInTime) * 100 + 0.1));
    expect(stats.agents!["agent-1002"]).toEqual({ callsHandled: 0, avgHandleTime: 0, talkTime: 0, loggedInTime: 0, occupancy: 0 });
  });

  it("serves the chart samples of the pushes from Redis to supervisors and ops, not to agents", async () => {
    await waitFor(async () => {
      const response = await fetch(`${stack.httpUrl}/api/dashboard/history`, { headers: await auth("ops") });
      return ((await response.json()) as { samples: unknown[] }).samples.length > 0;
    }, "a sample in the history");
    const response = await fetch(`${stack.httpUrl}/api/dashboard/history`, { headers: await auth("supervisor") });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { windowMs: number; samples: { at: number; waiting: number; activeCalls: number; serviceLevel: number | null }[]; latest?: unknown };
    expect(body.windowMs).toBe(3_600_000);
    // The last push itself comes along, so a reloaded dashboard shows the figures at once.
    const latest = systemStatsSchema.parse(body.latest);
    expect(latest.agents?.["agent-1001"]?.callsHandled).toBe(1);
    expect(Date.parse(latest.timestamp)).toBe(body.samples.at(-1)!.at);
    const now = Date.now();
    for (const sample of body.samples) expect(sample.at).toBeGreaterThan(now - 3_600_000);
    expect((await fetch(`${stack.httpUrl}/api/dashboard/history`, { headers: await auth("agent") })).status).toBe(403);
    expect((await fetch(`${stack.httpUrl}/api/dashboard/history`)).status).toBe(401);
  });

  it("keeps only the last hour: older entries are trimmed on the next write and older samples never served", async () => {
    // A key of its own under the suite's prefix, so the old entry can be written first.
    const keys = createKeys(`${stack.redis.prefix}trim:`);
    const history = new StatsHistoryStore(stack.redis.redis, keys);
    const now = Date.now();
    const old = { at: now - 2 * 3_600_000, waiting: 9, activeCalls: 9, serviceLevel: null, abandonRate: null };
    await stack.redis.redis.xadd(keys.statsHistory(), `${now - 2 * 3_600_000}-0`, "s", JSON.stringify(old));
    expect((await history.read(now)).some((s) => s.waiting === 9)).toBe(false);
    const stats = systemStatsSchema.parse({
      totalSessions: 0,
      activeAgents: 0,
      availableAgents: 0,
      avgCallsPerAgent: 0,
      systemHealth: { status: "operational", uptime: 0, memoryUsage: { used: 0, total: 1, percentage: 0 }, activeConnections: 0 },
      performance: { avgResponseTime: 0, callsPerMinute: 0, peakConcurrentCalls: 0, successRate: 100 },
      timestamp: new Date(now).toISOString(),
    });
    await history.record(stats);
    const ids = (await stack.redis.redis.xrange(keys.statsHistory(), "-", "+")).map(([id]) => Number(id.split("-")[0]));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((ms) => ms >= now - 3_600_000 - 1000)).toBe(true);
  });

  it("serves the thresholds from the configuration, defaults where unset", async () => {
    const response = await fetch(`${stack.httpUrl}/api/dashboard/thresholds`, { headers: await auth("supervisor") });
    expect(await response.json()).toEqual({ serviceLevel: { target: 90, warn: 70 }, abandonRate: { target: 5, warn: 12 } });
  });
});
