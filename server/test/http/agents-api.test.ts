/** The roster API's id rules and DELETE, against a running server (real Redis, simulator, HTTP). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../src/auth/token.js";
import { startStack, TEST_SECRET, waitFor, type Stack } from "@acc/test-support";

describe("roster API: agent ids and DELETE", () => {
  let stack: Stack;
  let auth: Record<string, string>;
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.httpUrl}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const listIds = async () => ((await (await request("GET", "/api/agents")).json()) as { agents: { agentId: string }[] }).agents.map((a) => a.agentId);

  beforeAll(async () => {
    stack = await startStack({ RING_TIMEOUT_S: "5" });
    auth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
  });
  afterAll(() => stack.close());

  it("refuses ids that name an object's prototype or built-in properties, and creates none", async () => {
    for (const id of ["__proto__", "constructor", "toString", "hasOwnProperty", "_hidden", ".hidden"]) {
      const reply = await request("PUT", `/api/agents/${encodeURIComponent(id)}`, { agentName: "X", extension: "1999", maxCalls: 1 });
      expect(reply.status, id).toBe(400);
      expect(await reply.json(), id).toMatchObject({ error: "INVALID_MESSAGE", message: expect.stringMatching(/^agentId: /) });
    }
    expect(await listIds()).toEqual(["agent-1001", "agent-1002", "agent-1003"]);
    expect(await stack.app.calls.agents.findByExtension("1999")).toBeNull();
  });

  it("deletes an agent that holds no call and frees its extension", async () => {
    expect((await request("PUT", "/api/agents/agent-2001", { agentName: "Temp", extension: "2001", maxCalls: 1 })).status).toBe(201);
    const deleted = await request("DELETE", "/api/agents/agent-2001");
    expect(deleted.status).toBe(204);
    expect(await listIds()).not.toContain("agent-2001");
    expect(await stack.app.calls.agents.getAgent("agent-2001")).toBeNull();
    expect((await request("DELETE", "/api/agents/agent-2001")).status).toBe(404);
    // The extension is free for another agent, and a call to it reaches that agent.
    expect((await request("PUT", "/api/agents/agent-2002", { agentName: "Next", extension: "2001", maxCalls: 1 })).status).toBe(201);
    expect((await stack.app.calls.agents.findByExtension("2001"))?.agentId).toBe("agent-2002");
  });

  it("refuses with 409 CONFLICT to delete an agent while it holds a call, and deletes it after", async () => {
    const agent = await stack.screen("agent", "agent-1003");
    await agent.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1003"], callerNumber: "254700009001" });
    const offer = await agent.next("call_incoming");

    const refused = await request("DELETE", "/api/agents/agent-1003");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: "CONFLICT", message: expect.stringMatching(/holds 1 call/) });
    expect((await stack.app.calls.agents.getAgent("agent-1003"))?.capacity.current).toBe(1);

    await stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await waitFor(async () => (await stack.app.calls.agents.getAgent("agent-1003"))?.capacity.current === 0, "slot released");
    expect((await request("DELETE", "/api/agents/agent-1003")).status).toBe(204);
    // A call to the deleted agent's extension is now refused as an unknown extension.
    const supervisor = await stack.screen("supervisor");
    await stack.simulator.control.injectCall({ args: ["agent", "1003"], callerNumber: "254700009002" });
    const refusal = await supervisor.next("call_refused", (d) => d.customerNumber === "254700009002");
    expect(refusal.reason).toBe("unknown_extension");
  });

  it("refuses DELETE without a supervisor token", async () => {
    const agentToken = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" });
    expect((await fetch(`${stack.httpUrl}/api/agents/agent-1001`, { method: "DELETE" })).status).toBe(401);
    expect((await fetch(`${stack.httpUrl}/api/agents/agent-1001`, { method: "DELETE", headers: { authorization: `Bearer ${agentToken}` } })).status).toBe(403);
    expect(await listIds()).toContain("agent-1001");
  });
});
