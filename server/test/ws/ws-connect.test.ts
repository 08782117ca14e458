import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { signToken, tokenIssuer } from "../../src/auth/token.js";
import { compareStreamIds } from "../../src/ws/index.js";
import { emptySystemState, eventIds, refusal, startHarness, statusUpdate, secret, type Harness } from "./harness.js";

describe("WebSocket upgrade and handshake", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      // Publishes while the handshake is running, as the call flow would from another request.
      snapshot: async (identity, lastEventId) => {
        if (identity.agentId === "2002") await h.publisher.publish("agent_status_updated", statusUpdate("2002"), { agentIds: ["2002"] });
        return emptySystemState(lastEventId);
      },
    });
  });
  afterAll(() => h.close());

  it("refuses a missing token with HTTP 401 before the upgrade", async () => {
    const answer = await refusal(h.url);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: "Unauthorized", message: expect.stringMatching(/^No token/) });
  });

  it("refuses tokens signed with another secret, expired, or for an agent without agentId, saying why", async () => {
    const foreign = await signToken("another-secret-that-is-32-bytes-long", { role: "supervisor" });
    const key = new TextEncoder().encode(secret);
    const exp = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: "ops" }).setProtectedHeader({ alg: "HS256" }).setIssuer(tokenIssuer).setSubject("ops").setExpirationTime(exp).sign(key);
    const agentless = await new SignJWT({ role: "agent" }).setProtectedHeader({ alg: "HS256" }).setIssuer(tokenIssuer).setSubject("x").setExpirationTime(exp + 3600).sign(key);
    const answers = await Promise.all([foreign, expired, agentless].map((token) => refusal(`${h.url}?token=${token}`)));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(answers.map((a) => (a.body as { message: string }).message)).toEqual([
      expect.stringMatching(/^bad signature/),
      `token expired at ${new Date(exp * 1000).toISOString()}`,
      "agent token without agentId",
    ]);
    expect(h.snapshots).toEqual([]);
  });

  it("accepts the token in an Authorization: Bearer header", async () => {
    const token = await h.token("ops");
    const client = await h.connect("", {}, { headers: { authorization: `Bearer ${token}` } });
    expect(await client.next()).toMatchObject({ type: "connected", role: "ops" });
  });

  it("sends connected first, then system_state carrying the newest event id", async () => {
    const published = await h.publisher.publish("agent_status_updated", statusUpdate("1001"), { supervisors: true });
    const client = await h.connect(await h.token("agent", "1001"));
    const connected = await client.next();
    expect(connected).toEqual({
      type: "connected",
      clientId: expect.any(String),
      role: "agent",
      agentId: "1001",
      serverTime: expect.any(Number),
      heartbeatInterval: 30_000,
    });
    const state = await client.next();
    expect(state).toMatchObject({ event: "system_state", id: published, data: { lastEventId: published } });
    expect(h.snapshots.at(-1)).toEqual({ role: "agent", agentId: "1001", subject: "1001" });
    expect(await client.sync()).toEqual([]);
  });

  it("delivers an event published during the handshake after system_state, once", async () => {
    const client = await h.connect(await h.token("agent", "2002"));
    expect(await client.next()).toMatchObject({ type: "connected" });
    const state = await client.next();
    expect(state).toMatchObject({ event: "system_state" });
    const [stateId] = eventIds([state]);
    const after = await client.sync();
    expect(after).toEqual([{ event: "agent_status_updated", id: expect.any(String), data: expect.objectContaining({ agentId: "2002" }) }]);
    expect(compareStreamIds(eventIds(after)[0]!, stateId!)).toBeGreaterThan(0);
  });
});

describe("heartbeat", () => {
  let h: Harness;
  beforeAll(async () => {
    // Long enough that a client in this busy test process always answers within one interval.
    h = await startHarness({ heartbeatIntervalMs: 250 });
  });
  afterAll(() => h.close());

  it("keeps a client that answers pings and terminates one that does not", async () => {
    const token = await h.token("supervisor");
    const answering = await h.connect(token);
    const silent = await h.connect(token, {}, { autoPong: false });
    expect(await answering.next()).toMatchObject({ type: "connected", heartbeatInterval: 250 });
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    await answering.until(() => answering.pingsReceived >= 3, "three pings");
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    await answering.sync();
    expect(h.hub.size).toBe(1);
  });
});
