/**
 * Limits per identity and per address, the Origin check, and what a flood or a shutdown gets:
 * real `ws` clients against the real plugin on the test Redis.
 */
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServerFrame } from "@acc/shared-types";
import { signToken } from "../../src/auth/token.js";
import { refusal, secret, startHarness, type Harness, type TestClient } from "./harness.js";

async function open(h: Harness, token: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const client = await h.connect(token, {}, { headers });
  expect(await client.next()).toMatchObject({ type: "connected" });
  expect(await client.next()).toMatchObject({ event: "system_state" });
  return client;
}

/** Reads `count` frames. */
async function take(client: TestClient, count: number): Promise<ServerFrame[]> {
  const frames: ServerFrame[] = [];
  while (frames.length < count) frames.push(await client.next());
  return frames;
}

/**
 * Sends an upgrade the token check admits but ws refuses (Sec-WebSocket-Version 99, RFC 6455 §4.4)
 * and waits until the server has closed the TCP connection.
 * @returns the HTTP status of the refusal.
 */
function failedHandshake(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url.replace(/^ws/, "http"), {
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": randomBytes(16).toString("base64"), "Sec-WebSocket-Version": "99" },
    });
    request.on("response", (response) => {
      response.resume();
      response.socket.on("close", () => resolve(response.statusCode ?? 0));
    });
    request.on("upgrade", () => reject(new Error("the handshake was accepted")));
    request.on("error", reject);
    request.end();
  });
}

const typeOf = (frame: ServerFrame) => ("type" in frame ? frame.type : frame.event);

describe("connection caps", () => {
  let h: Harness;
  const opened: TestClient[] = [];
  beforeAll(async () => {
    h = await startHarness({ connectionCaps: { perAddress: 6, perIdentity: 3 } });
  });
  afterEach(async () => {
    for (const client of opened.splice(0)) {
      client.ws.close();
      await client.closed;
    }
  });
  afterAll(() => h.close());

  it("refuses a fourth screen of one agent with HTTP 429, and admits it again once one closed", async () => {
    const token = await h.token("agent", "1001");
    for (let i = 0; i < 3; i++) opened.push(await open(h, token));
    // Another token of the same agent counts against the same identity.
    const answer = await refusal(`${h.url}?token=${await h.token("agent", "1001")}`);
    expect(answer).toEqual({ status: 429, body: { error: "Too Many Requests", message: expect.stringMatching(/^Too many connections for this agent: the limit is 3/) } });
    // Another agent from the same address is still admitted.
    opened.push(await open(h, await h.token("agent", "1002")));
    const first = opened.shift()!;
    first.ws.close();
    await first.closed;
    await expect.poll(async () => (await tryOpen(h, token)) ?? "refused").not.toBe("refused");
  });

  it("uncounts an admitted upgrade whose WebSocket handshake then fails, once its socket closes", async () => {
    const token = await h.token("agent", "1003");
    // Over the cap of 3 each is answered 400 by ws, not 429, only if the ones before were uncounted
    // (the server sees each socket close a moment after the client does).
    for (let i = 0; i < 4; i++) await expect.poll(() => failedHandshake(`${h.url}?token=${token}`)).toBe(400);
    for (let i = 0; i < 3; i++) await expect.poll(async () => (await tryOpen(h, token)) ?? "refused").not.toBe("refused");
  });

  it("counts supervisors per token, not per role", async () => {
    const one = await h.token("supervisor");
    for (let i = 0; i < 3; i++) opened.push(await open(h, one));
    expect((await refusal(`${h.url}?token=${one}`)).status).toBe(429);
    // A second supervisor's token (another lifetime makes it another token).
    opened.push(await open(h, await signToken(secret, { role: "supervisor" }, 3600)));
  });

  it("refuses connections from one address over its cap, even when they arrive at once", async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => h.token("agent", `2${String(i).padStart(3, "0")}`)));
    const attempts = await Promise.allSettled(tokens.map((token) => h.connect(token)));
    const accepted = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    opened.push(...accepted);
    expect(accepted).toHaveLength(6);
    expect((await refusal(`${h.url}?token=${tokens[0]}`)).body).toEqual({ error: "Too Many Requests", message: expect.stringMatching(/^Too many connections from 127\.0\.0\.1: the limit is 6/) });
  });

  /** Opens a screen with `token`, or undefined when refused (and closes nothing). */
  async function tryOpen(harness: Harness, token: string): Promise<TestClient | undefined> {
    try {
      const client = await open(harness, token);
      opened.push(client);
      return client;
    } catch {
      return undefined;
    }
  }
});

describe("command budget per identity, and abusers", () => {
  let h: Harness;
  beforeAll(async () => {
    // No refill during the test: the bursts alone decide.
    h = await startHarness({
      rateLimit: { ratePerSecond: 0.001, burst: 10 },
      identityRateLimit: { ratePerSecond: 0.001, burst: 15 },
      abuseLimit: { ratePerSecond: 0.001, burst: 20 },
    });
  });
  afterAll(() => h.close());

  it("shares one budget among the sockets of one agent; another agent keeps its own", async () => {
    const token = await h.token("agent", "3001");
    const screens = [await open(h, token), await open(h, token), await open(h, token)];
    for (const [n, screen] of screens.entries()) for (let i = 0; i < 8; i++) screen.send({ type: "ping", id: `s${n}-${i}` });
    const answers = (await Promise.all(screens.map((screen) => take(screen, 8)))).flat();
    expect(answers.filter((f) => typeOf(f) === "pong")).toHaveLength(15);
    const refused = answers.filter((f) => typeOf(f) === "error");
    expect(refused).toHaveLength(9);
    expect(refused[0]).toEqual({ type: "error", id: expect.stringMatching(/^s\d-\d$/), code: "RATE_LIMITED", error: expect.stringMatching(/^Too many commands/) });
    const other = await open(h, await h.token("agent", "3002"));
    expect(await other.sync()).toEqual([]);
  });

  it("refuses a flood without parsing it, then closes the connection with 1008", async () => {
    const flooder = await open(h, await h.token("agent", "3003"));
    // Not even JSON: past the budget the frame is refused before any parsing.
    for (let i = 0; i < 40; i++) flooder.send(i < 10 ? { type: "ping", id: `f${i}` } : `{"id":"f${i}", not json`);
    const frames: ServerFrame[] = [];
    for (;;) {
      try {
        frames.push(await flooder.next());
      } catch {
        break;
      }
    }
    expect(frames.filter((f) => typeOf(f) === "pong")).toHaveLength(10);
    const refused = frames.filter((f) => typeOf(f) === "error");
    expect(refused).toHaveLength(20);
    expect(refused.every((f) => "code" in f && f.code === "RATE_LIMITED")).toBe(true);
    expect(refused[0]).toMatchObject({ id: "f10" });
    expect(await flooder.closed).toEqual({ code: 1008, reason: expect.stringMatching(/^rate limit exceeded again and again/) });
  });
});

describe("Origin check", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ allowedOrigins: ["https://wallboard.example.com"] });
  });
  afterAll(() => h.close());

  it("refuses a foreign Origin with HTTP 403 before the token is looked at", async () => {
    const token = await h.token("supervisor");
    const answer = await refusal(`${h.url}?token=${token}`, { headers: { origin: "https://evil.example.net" } });
    expect(answer).toEqual({ status: 403, body: { error: "Forbidden", message: expect.stringMatching(/^Origin https:\/\/evil\.example\.net may not open/) } });
    expect(h.snapshots).toEqual([]);
  });

  it("admits the server's own origin, a listed origin, and clients that send no Origin", async () => {
    const token = await h.token("supervisor");
    const own = new URL(h.url).host;
    await open(h, token, { origin: `http://${own}` });
    await open(h, token, { origin: "https://wallboard.example.com" });
    await open(h, token);
  });
});

describe("oversized and hostile frames", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("does not echo 60 KB of client input in an error frame", async () => {
    const client = await open(h, await h.token("ops"));
    client.send({ type: "x".repeat(60_000), id: "big" });
    const [answer] = await take(client, 1);
    expect(answer).toMatchObject({ type: "error", id: "big", code: "UNKNOWN_COMMAND" });
    expect(JSON.stringify(answer).length).toBeLessThan(1000);
  });

  it("closes the socket with 1009 on a frame over 64 KiB, as documented", async () => {
    const client = await open(h, await h.token("ops"));
    client.send({ type: "ping", id: "huge", pad: "y".repeat(70_000) });
    expect((await client.closed).code).toBe(1009);
  });
});

describe("shutdown", () => {
  it("closes every screen with 1001 Going Away", async () => {
    const h = await startHarness();
    try {
      const clients = [await open(h, await h.token("ops")), await open(h, await h.token("agent", "4001"))];
      await h.stop();
      expect(await Promise.all(clients.map((c) => c.closed))).toEqual([
        { code: 1001, reason: "server shutting down; reconnect" },
        { code: 1001, reason: "server shutting down; reconnect" },
      ]);
    } finally {
      await h.redis.cleanup();
    }
  });
});
