/** /health and the roster API against a running server (real Redis, simulator, HTTP). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { startStack, TEST_SECRET, type Stack } from "@acc/test-support";

describe("HTTP routes", () => {
  let stack: Stack;
  let supervisorAuth: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    supervisorAuth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
  });
  afterAll(() => stack.close());

  it("reports Redis and ARI up with 200, and ARI down with 503 once Asterisk goes away", async () => {
    const up = await fetch(`${stack.httpUrl}/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", redis: { status: "up" }, ari: { status: "up" } });

    await stack.simulator.close();
    let down: Response | undefined;
    for (let i = 0; i < 100 && down?.status !== 503; i++) {
      down = await fetch(`${stack.httpUrl}/health`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(down?.status).toBe(503);
    expect(await down!.json()).toMatchObject({ status: "unavailable", redis: { status: "up" }, ari: { status: "down" } });
  });

  it("lists the roster for supervisors and refuses other roles", async () => {
    const list = await fetch(`${stack.httpUrl}/api/agents`, { headers: supervisorAuth });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { agents: { agentId: string; maxCalls: number; status: string }[] };
    expect(body.agents.map((a) => a.agentId)).toEqual(["agent-1001", "agent-1002", "agent-1003"]);
    expect(body.agents[0]).toMatchObject({ maxCalls: 3, status: "offline" });

    const agentToken = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" });
    expect((await fetch(`${stack.httpUrl}/api/agents`, { headers: { authorization: `Bearer ${agentToken}` } })).status).toBe(403);
    expect((await fetch(`${stack.httpUrl}/api/agents`)).status).toBe(401);
  });

  it("changes an agent, pushes agent_status_updated, and refuses bad bodies and taken extensions", async () => {
    const supervisor = await stack.screen("supervisor");
    const put = (agentId: string, body: unknown) =>
      fetch(`${stack.httpUrl}/api/agents/${agentId}`, { method: "PUT", headers: { ...supervisorAuth, "content-type": "application/json" }, body: JSON.stringify(body) });

    const changed = await put("agent-1003", { agentName: "Amina O.", extension: "1003", maxCalls: 4 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ agent: { agentName: "Amina O.", maxCalls: 4 } });
    const update = await supervisor.next("agent_status_updated", (d) => d.agentId === "agent-1003");
    expect(update.capacity.max).toBe(4);

    expect((await put("agent-1004", { agentName: "New Agent", extension: "1004", maxCalls: 2 })).status).toBe(201);
    const taken = await put("agent-1005", { agentName: "Clash", extension: "1001", maxCalls: 2 });
    expect(taken.status).toBe(409);
    const bad = await put("agent-1003", { agentName: "Amina", extension: "1003", maxCalls: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/maxCalls/);
  });
});
