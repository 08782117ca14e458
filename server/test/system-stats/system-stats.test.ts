/** system_stats on the real path: figures from Redis after real calls, pushed to supervisors and ops only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Screen, type Stack } from "@acc/test-support";

describe("system_stats", () => {
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;
  let ops: Screen;

  beforeAll(async () => {
    stack = await startStack({ STATS_INTERVAL_S: "1" });
    agent = await stack.screen("agent", "agent-1001");
    supervisor = await stack.screen("supervisor");
    ops = await stack.screen("ops");
    await agent.command({ type: "set_status", status: "available" });
  });
  afterAll(() => stack.close());

  it("counts one connected call of one agent, and reaches supervisors and ops but not agents", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254733000001" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    // Only a push sent after the call was bridged counts: an earlier one may already say one session.
    const bridged = supervisor.mark();
    const stats = await supervisor.next("system_stats", (d) => d.totalSessions === 1, { after: bridged });
    expect(stats).toMatchObject({
      totalSessions: 1,
      activeAgents: 1,
      availableAgents: 1,
      avgCallsPerAgent: 1,
      systemHealth: { status: "operational", activeConnections: 3 },
      performance: { peakConcurrentCalls: 1, successRate: 100, callsPerMinute: 0.2 },
    });
    expect(stats.performance.avgResponseTime).toBeGreaterThanOrEqual(0);
    expect(stats.systemHealth.memoryUsage.used).toBeGreaterThan(0);
    await ops.next("system_stats");
    expect(agent.events("system_stats")).toHaveLength(0);
    await stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  });
});
