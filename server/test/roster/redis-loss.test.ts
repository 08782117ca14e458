/**
 * Redis going away and coming back, against a running server on a Redis of the test's own (real
 * redis-server, simulator, HTTP, WebSocket): `/health` follows it, and a Redis that comes back
 * empty gets the roster (with its run-time changes and presences) and revoked token generations
 * written back, so calls reach their agents again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { startRestartableRedis, type RestartableRedis } from "../../src/demo/restartable-redis.js";
import { startStack, TEST_SECRET, waitFor, type Screen, type Stack } from "@acc/test-support";

interface Health {
  status: string;
  redis: { status: string };
  roster: { status: string; detail: string };
}

describe("Redis lost and back", () => {
  let redis: RestartableRedis;
  let stack: Stack;
  let auth: Record<string, string>;
  let agent: Screen;
  const health = async () => {
    const reply = await fetch(`${stack.httpUrl}/health`);
    return { code: reply.status, body: (await reply.json()) as Health };
  };
  const put = (agentId: string, body: unknown) =>
    fetch(`${stack.httpUrl}/api/agents/${agentId}`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });

  /** A call to `extension` is offered to the screen and ends cleanly when the customer hangs up. */
  async function callReaches(screen: Screen, extension: string, callerNumber: string): Promise<void> {
    const channel = await stack.simulator.control.injectCall({ args: ["agent", extension], callerNumber });
    const offer = await screen.next("call_incoming", (d) => d.customerNumber === callerNumber, 10_000);
    expect(offer.extension).toBe(extension);
    await stack.simulator.control.hangup(channel.id);
    await screen.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
  }

  beforeAll(async () => {
    redis = await startRestartableRedis();
    // A long interval: the test decides when the roster is checked, through /health or a reconnect.
    stack = await startStack({}, { redisUrl: redis.url, rosterCheckIntervalMs: 600_000 });
    auth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
    agent = await stack.screen("agent", "agent-1001");
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
  });
  afterAll(async () => {
    await stack.close();
    await redis.dispose();
  });

  it("answers 503 while Redis is down and 200 once it is back, without losing state", async () => {
    expect((await health()).code).toBe(200);
    await redis.stop();
    const down = await health();
    expect(down.code).toBe(503);
    expect(down.body).toMatchObject({ status: "unavailable", redis: { status: "down" }, roster: { status: "down" } });
    // Calls arriving meanwhile neither crash the server nor leave capacity behind.
    const during = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700008000" });
    expect((await health()).code).toBe(503);

    await redis.start();
    await waitFor(async () => (await health()).code === 200, "healthy again", 15_000);
    expect(stack.app.roster.reloads).toBe(0);
    // The call may have ended already (refused busy while Redis was away).
    if (stack.simulator.control.listChannels().some((c) => c.id === during.id)) stack.simulator.control.hangup(during.id);
    await waitFor(async () => (await stack.app.calls.sessions.listOpenSessions()).length === 0, "the call that came while Redis was down has ended", 15_000);
    await waitFor(async () => (await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current === 0, "no slot left held", 15_000);
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.status).toBe("available");
    await callReaches(agent, "1001", "254700008001");
  });

  it("writes the roster back after FLUSHALL, with run-time changes and presences, and /health is 503 until then", async () => {
    expect((await put("agent-1004", { agentName: "Added At Run Time", extension: "1004", maxCalls: 2 })).status).toBe(201);
    expect((await put("agent-1003", { agentName: "Amina O.", extension: "1003", maxCalls: 2 })).status).toBe(200);
    expect((await fetch(`${stack.httpUrl}/api/agents/agent-1002`, { method: "DELETE", headers: auth })).status).toBe(204);
    const added = await stack.screen("agent", "agent-1004");
    expect((await added.command({ type: "set_status", status: "available" })).type).toBe("ack");
    const paused = await stack.screen("agent", "agent-1003");
    expect((await paused.command({ type: "set_status", status: "paused", reason: "break" })).type).toBe("ack");

    // The periodic check (every second by default) has seen these changes.
    expect((await health()).code).toBe(200);
    await stack.redis.redis.flushall();
    const missing = await health();
    expect(missing.code).toBe(503);
    expect(missing.body.roster).toMatchObject({ status: "down", detail: expect.stringMatching(/lost the roster/) });
    await waitFor(async () => (await health()).code === 200, "roster written back");
    expect(stack.app.roster.reloads).toBe(1);

    const agents = await stack.app.calls.agents.listAgents();
    expect(agents.map((a) => [a.agentId, a.agentName, a.maxCalls, a.status])).toEqual([
      ["agent-1001", "John Doe", 3, "available"],
      ["agent-1003", "Amina O.", 2, "paused"],
      ["agent-1004", "Added At Run Time", 2, "available"],
    ]);
    await callReaches(added, "1004", "254700008002");
    await callReaches(agent, "1001", "254700008003");
  });

  it("writes the roster and revoked token generations back when Redis restarts empty, on reconnect", async () => {
    const revoked = await fetch(`${stack.httpUrl}/api/agents/agent-1001/revoke-tokens`, { method: "POST", headers: auth });
    expect(((await revoked.json()) as { generation: number }).generation).toBe(1);
    const reloadsBefore = stack.app.roster.reloads;

    await redis.stop();
    await redis.start({ empty: true });
    // No /health call here: the reconnect alone finds the roster missing.
    await waitFor(() => stack.app.roster.reloads === reloadsBefore + 1, "roster written back on reconnect", 15_000);
    expect((await health()).code).toBe(200);

    const oldToken = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" });
    const refused = await fetch(`${stack.httpUrl}/ws?token=${oldToken}`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^token revoked/);
    const screen = await stack.screen("agent", "agent-1004");
    await callReaches(screen, "1004", "254700008004");
  });
});
