/**
 * Security of the HTTP side against a running server (real Redis, simulator, HTTP, WebSocket):
 * security headers, token revocation, and the HTTP rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signToken } from "../../src/auth/token.js";
import { openScreen, startStack, TEST_SECRET, waitFor, type Stack } from "@acc/test-support";

/** Opens a WebSocket with `token` and resolves with the HTTP status of a refused upgrade (or 101). */
function upgradeStatus(wsUrl: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
    socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("error", reject);
  });
}

describe("HTTP security", () => {
  let stack: Stack;
  let auth: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    auth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
  });
  afterAll(() => stack.close());

  it("sends a CSP that forbids framing and foreign scripts, X-Frame-Options DENY and nosniff", async () => {
    for (const path of ["/", "/health", "/api/agents"]) {
      const reply = await fetch(`${stack.httpUrl}${path}`, { headers: auth });
      const csp = reply.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain("upgrade-insecure-requests");
      expect(reply.headers.get("x-frame-options"), path).toBe("DENY");
      expect(reply.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(reply.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(reply.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("revokes an agent's tokens: its open sockets close with 1008, the old token gets 401, a token of the new generation connects", async () => {
    const oldToken = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1002" });
    const screen = await openScreen(stack.wsUrl, oldToken);
    const other = await stack.screen("agent", "agent-1001");
    const closed = new Promise<number>((resolve) => screen.socket.once("close", (code) => resolve(code)));

    const reply = await fetch(`${stack.httpUrl}/api/agents/agent-1002/revoke-tokens`, { method: "POST", headers: auth });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ role: "agent", subject: "agent-1002", generation: 1, closedConnections: 1 });
    expect(await closed).toBe(1008);
    expect(other.socket.readyState).toBe(WebSocket.OPEN);

    expect(await upgradeStatus(stack.wsUrl, oldToken)).toBe(401);
    const refusal = await fetch(`${stack.httpUrl}/ws?token=${oldToken}`);
    expect(((await refusal.json()) as { message: string }).message).toMatch(/^token revoked/);
    const fresh = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1002", generation: 1 });
    expect(await upgradeStatus(stack.wsUrl, fresh)).toBe(101);
    // Another agent's tokens are untouched.
    expect(await upgradeStatus(stack.wsUrl, await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" }))).toBe(101);
  });

  it("revokes every supervisor token, refusing it on the HTTP API too; only supervisors may revoke", async () => {
    const opsToken = await signToken(TEST_SECRET, { role: "ops" });
    expect((await fetch(`${stack.httpUrl}/api/roles/ops/revoke-tokens`, { method: "POST", headers: { authorization: `Bearer ${opsToken}` } })).status).toBe(403);
    expect((await fetch(`${stack.httpUrl}/api/agents/agent-1001/revoke-tokens`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${stack.httpUrl}/api/roles/agent/revoke-tokens`, { method: "POST", headers: auth })).status).toBe(400);

    const revoked = await fetch(`${stack.httpUrl}/api/roles/supervisor/revoke-tokens`, { method: "POST", headers: auth });
    expect(await revoked.json()).toMatchObject({ role: "supervisor", subject: "supervisor", generation: 1 });
    const refused = await fetch(`${stack.httpUrl}/api/agents`, { headers: auth });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/token revoked/);
    auth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor", generation: 1 })}` };
    expect((await fetch(`${stack.httpUrl}/api/agents`, { headers: auth })).status).toBe(200);
  });
});

describe("HTTP rate limit", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ HTTP_RATE_LIMIT: "5" });
  });
  afterAll(() => stack.close());

  it("answers 429 with Retry-After past the limit, and never limits /health or /ws", async () => {
    const auth = { authorization: `Bearer ${await signToken(TEST_SECRET, { role: "supervisor" })}` };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${stack.httpUrl}/api/agents`, { headers: auth })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await fetch(`${stack.httpUrl}/api/agents`, { headers: auth });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "RATE_LIMITED", message: expect.stringMatching(/More than 5 requests per minute/) });

    for (let i = 0; i < 10; i++) expect((await fetch(`${stack.httpUrl}/health`)).status).toBe(200);
    const screen = await stack.screen("ops");
    await waitFor(() => screen.socket.readyState === WebSocket.OPEN, "ops screen connected");
  });
});
