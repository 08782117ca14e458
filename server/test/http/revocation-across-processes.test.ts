/**
 * Two server processes on one Redis: revoking an agent's tokens on one closes that agent's
 * WebSocket connections on the other too, and both refuse the old token afterwards.
 */
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.js";
import { signToken } from "../../src/auth/token.js";
import { loadConfig } from "../../src/config/config.js";
import { openScreen, startStack, TEST_ROSTER, TEST_SECRET, type Stack } from "@acc/test-support";

describe("token revocation across server processes", () => {
  let stack: Stack;
  let second: App;
  let secondUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    const config = loadConfig({
      ARI_URL: stack.simulator.url,
      REDIS_URL: stack.redis.url,
      AUTH_SECRET: TEST_SECRET,
      REDIS_PREFIX: stack.redis.prefix,
      ARI_APP: "contact-center-second",
      AGENT_ENDPOINT: "Local/{extension}@agents",
      LOG_LEVEL: "silent",
    });
    second = await buildApp({ config, redisUrl: stack.redis.url, ariUrl: stack.simulator.url, roster: TEST_ROSTER, logger: pino({ level: "silent" }) });
    await second.fastify.listen({ host: "127.0.0.1", port: 0 });
    secondUrl = `127.0.0.1:${(second.fastify.server.address() as AddressInfo).port}`;
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
