/**
 * Two server processes on one Redis: revoking an agent's tokens on one closes that agent's
 * WebSocket connections on the other too, and both refuse the old token afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { signToken } from "../../src/auth/token.js";
import { openScreen, startSecondServer, startStack, TEST_SECRET, type Stack } from "@acc/test-support";

describe("token revocation across server processes", () => {
  let stack: Stack;
  let second: App;
  let secondUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ app: second, host: secondUrl } = await startSecondServer(stack));
  });
  afterAll(async () => {
    await second.fastify.close();
    await stack.close();
  });

  it("closes the agent's sockets on the other process with 1008, and both refuse the old token", async () => {
    const oldToken = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1002" });
    const onSecond = await openScreen(`ws://${secondUrl}/ws`, oldToken);
    const otherAgentOnSecond = await openScreen(`ws://${secondUrl}/ws`, await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" }));
    const closed = new Promise<number>((resolve) => onSecond.socket.once("close", (code) => resolve(code)));

    const supervisor = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
    const reply = await fetch(`${stack.httpUrl}/api/agents/agent-1002/revoke-tokens`, { method: "POST", headers: supervisor });
    expect(await reply.json()).toMatchObject({ generation: 1, closedConnections: 0 });
    expect(await closed).toBe(1008);
    expect(otherAgentOnSecond.socket.readyState).toBe(otherAgentOnSecond.socket.OPEN);

    for (const base of [stack.httpUrl, `http://${secondUrl}`]) {
      const refused = await fetch(`${base}/ws?token=${oldToken}`);
      expect(refused.status, base).toBe(401);
    }
    otherAgentOnSecond.close();
  });
});
