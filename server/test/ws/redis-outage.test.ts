/**
 * Redis going away under a running server: commands get UNAVAILABLE instead of hanging, nothing
 * crashes or writes outside the JSON log, and once Redis is back commands work again. The suite
 * runs its own redis-server (with an append-only file, so a restart keeps the agents) and stops it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLocalRedis, type LocalRedis } from "../../src/demo/local-redis.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("Redis outage", () => {
  let dataDir: string;
  let redisServer: LocalRedis;
  let port: number;
  let stack: Stack;
  let agent: Screen;
  const consoleErrors = vi.spyOn(console, "error");

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "redis-outage-"));
    redisServer = await startLocalRedis({ dataDir });
    port = Number(new URL(redisServer.url).port);
    stack = await startStack({}, { redisUrl: redisServer.url });
    agent = await stack.screen("agent", "agent-1001");
  }, 30_000);
  afterAll(async () => {
    await stack.close();
    await redisServer.stop();
    await rm(dataDir, { recursive: true, force: true });
    consoleErrors.mockRestore();
  }, 30_000);

  it("answers commands with UNAVAILABLE while Redis is down, and runs them again once it is back", async () => {
    expect(await agent.command({ type: "set_status", status: "available" })).toMatchObject({ type: "ack", success: true });

    await redisServer.stop();
    await waitFor(() => stack.app.redis.status !== "ready", "the server to notice Redis is gone");
    const refused = await agent.command({ type: "set_status", status: "paused", reason: "lunch" });
    expect(refused).toEqual({ type: "error", id: expect.any(String), code: "UNAVAILABLE", error: expect.stringMatching(/^The server cannot reach Redis/) });
    expect(await agent.command({ type: "replay_events", afterId: "0-0" })).toMatchObject({ type: "error", code: "UNAVAILABLE" });
    // The connection itself is fine: a ping needs no Redis.
    agent.socket.send(JSON.stringify({ type: "ping", id: "still-there" }));
    await waitFor(() => agent.frames.some((f) => "type" in f && f.type === "pong"), "pong");

    redisServer = await startLocalRedis({ port, dataDir });
    await waitFor(() => stack.app.redis.status === "ready", "the server to reconnect to Redis", 10_000);
    expect(await agent.command({ type: "set_status", status: "paused", reason: "lunch" })).toMatchObject({ type: "ack", result: { status: "paused" } });
    await agent.next("agent_status_updated", (d) => d.status === "paused");
    // ioredis prints "[ioredis] Unhandled error event" for a connection without an error listener.
    expect(consoleErrors.mock.calls.filter((call) => String(call[0]).includes("[ioredis]"))).toEqual([]);
  });
});
