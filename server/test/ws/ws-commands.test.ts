import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientCommand } from "@acc/shared-types";
import type { Identity } from "../../src/auth/token.js";
import { CommandError } from "../../src/calls/command-error.js";
import { startHarness, type Harness, type TestClient } from "./harness.js";

/** A stand-in for the call flow: just enough behaviour to drive every kind of answer. */
async function handler(command: ClientCommand, identity: Identity): Promise<Record<string, unknown> | void> {
  switch (command.type) {
    case "set_status":
      return { agentId: identity.agentId, status: command.status };
    case "hold_call":
      return;
    case "hangup_call":
      if (command.sessionId === "explode") throw new Error("redis connection reset while reading session explode");
      throw new CommandError("NOT_FOUND", `No active call ${command.sessionId}.`);
    default:
      throw new CommandError("INVALID_STATE", `${command.type} is not part of this test`);
  }
}

async function open(h: Harness, role: "agent" | "supervisor" | "ops", agentId?: string): Promise<TestClient> {
  const client = await h.connect(await h.token(role, agentId));
  expect(await client.next()).toMatchObject({ type: "connected" });
  expect(await client.next()).toMatchObject({ event: "system_state" });
  return client;
}

describe("commands over the WebSocket", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ handler });
  });
  afterAll(() => h.close());

  it("acks a handled command with its result, or without one when the handler returns nothing", async () => {
    const agent = await open(h, "agent", "1001");
    expect(await agent.command({ type: "set_status", id: "s1", status: "paused", reason: "lunch" })).toEqual([
      { type: "ack", id: "s1", success: true, result: { agentId: "1001", status: "paused" } },
    ]);
    expect(await agent.command({ type: "hold_call", id: "h1", sessionId: "abc" })).toEqual([{ type: "ack", id: "h1", success: true }]);
  });

  it("answers malformed, unknown, incomplete, forbidden and binary frames with error frames and stays up", async () => {
    const ops = await open(h, "ops");
    ops.send("{ not json");
    ops.send({ type: "fly_to_moon", id: "u1" });
    ops.send({ type: "answer_call", id: "m1" });
    ops.send({ type: "answer_call", id: "f1", sessionId: "s-1" });
    ops.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const frames = await ops.sync();
    expect(frames).toEqual([
      { type: "error", code: "INVALID_MESSAGE", error: expect.stringMatching(/^Frame is not valid JSON/) },
      { type: "error", id: "u1", code: "UNKNOWN_COMMAND", error: expect.stringMatching(/^Unknown command "fly_to_moon"/) },
      { type: "error", id: "m1", code: "INVALID_MESSAGE", error: expect.stringContaining('"sessionId"') },
      { type: "error", id: "f1", code: "FORBIDDEN", error: 'Command "answer_call" is not allowed for role ops' },
      { type: "error", code: "INVALID_MESSAGE", error: expect.stringMatching(/^Binary frames are not accepted/) },
    ]);
    expect(ops.ws.readyState).toBe(ops.ws.OPEN);
  });

  it("sends a CommandError's code and message, and hides any other failure behind INTERNAL_ERROR", async () => {
    const supervisor = await open(h, "supervisor");
    expect(await supervisor.command({ type: "hangup_call", id: "n1", sessionId: "gone" })).toEqual([
      { type: "error", id: "n1", code: "NOT_FOUND", error: "No active call gone." },
    ]);
    const [internal] = await supervisor.command({ type: "hangup_call", id: "x1", sessionId: "explode" });
    expect(internal).toEqual({ type: "error", id: "x1", code: "INTERNAL_ERROR", error: expect.stringContaining('"hangup_call" failed on the server') });
    expect(JSON.stringify(internal)).not.toContain("redis connection reset");
    const logged = h.logs.find((line) => line.msg === "command failed");
    expect(logged).toMatchObject({ level: 50, command: "hangup_call", commandId: "x1", err: { message: "redis connection reset while reading session explode" } });
    expect(await supervisor.sync()).toEqual([]);
  });
});

describe("command rate limit", () => {
  let h: Harness;
  beforeAll(async () => {
    // A refill so slow that no token comes back during the test: the burst alone decides.
    h = await startHarness({ handler, rateLimit: { ratePerSecond: 0.001, burst: 5 } });
  });
  afterAll(() => h.close());

  it("refuses commands beyond the bucket with RATE_LIMITED, carrying their ids, on this connection only", async () => {
    const noisy = await open(h, "agent", "1001");
    const quiet = await open(h, "agent", "1002");
    for (let i = 1; i <= 8; i++) noisy.send({ type: "ping", id: `p${i}` });
    const answers: unknown[] = [];
    while (answers.length < 8) answers.push(await noisy.next());
    expect(answers.filter((frame) => (frame as { type: string }).type === "pong")).toHaveLength(5);
    expect(answers.filter((frame) => (frame as { type: string }).type === "error")).toEqual(
      ["p6", "p7", "p8"].map((id) => ({ type: "error", id, code: "RATE_LIMITED", error: expect.stringMatching(/^Too many commands/) })),
    );
    expect(noisy.ws.readyState).toBe(noisy.ws.OPEN);
    expect(await quiet.sync()).toEqual([]);
  });
});
