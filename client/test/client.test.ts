/**
 * The SDK against a real server (buildApp on the ARI simulator and a private Redis), in Node 20
 * with the `ws` package as its WebSocket.
 */
import type { EventFrame } from "@acc/shared-types";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../server/src/auth/token.js";
import { startStack, TEST_SECRET, waitFor, type Stack } from "@acc/test-support";
import { AccClient, compareEventIds, type ConnectionStatus } from "../src/index.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

/**
 * `ws` whose connections can be held off (they go to a closed port while `held`), so a test
 * decides when a reconnect may succeed; every socket and URL is recorded.
 */
function gatedWebSocket() {
  const gate = { held: false, sockets: [] as WebSocket[], urls: [] as string[] };
  class Gated extends WebSocket {
    constructor(url: string) {
      super(gate.held ? url.replace(/:\d+\//, ":1/") : url);
      gate.urls.push(url);
      gate.sockets.push(this);
    }
  }
  return { gate, Gated };
}

describe("@acc/client against a real server", () => {
  it("connects with a token, delivers typed events and answers commands with the ack or a typed error", async () => {
    const token = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1001" });
    const client = new AccClient({ url: stack.wsUrl, token, WebSocket });
    const states: string[] = [];
    client.on("system_state", (state) => states.push(state.extensionStates["1001"]?.status ?? "missing"));
    client.connect();
    await client.whenOnline();
    await waitFor(() => states.length === 1, "system_state");
    expect(states).toEqual(["offline"]);

    const statuses: string[] = [];
    client.on("agent_status_updated", (data) => statuses.push(data.status));
    await expect(client.send({ type: "set_status", status: "available" })).resolves.toMatchObject({ ok: true, result: { status: "available" } });
    await waitFor(() => statuses.includes("available"), "agent_status_updated available");

    const missing = await client.send({ type: "answer_call", sessionId: "no-such-session" });
    expect(missing).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const forbidden = await client.send({ type: "assign_queue_call", sessionId: "s1", agentId: "agent-1002" });
    expect(forbidden).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(!forbidden.ok && forbidden.error).toMatch(/not allowed for role agent/);

    await client.send({ type: "set_status", status: "offline" });
    client.close();
    expect(client.status).toEqual({ kind: "closed" });
    await expect(client.send({ type: "ping" })).resolves.toMatchObject({ ok: false, code: "UNAVAILABLE" });
  });

  it("resumes with lastEventId after a dropped socket and loses no event, doubles none", async () => {
    const reference = await stack.screen("agent", "agent-1002");
    const token = await signToken(TEST_SECRET, { role: "agent", agentId: "agent-1002" });
    const { gate, Gated } = gatedWebSocket();
    const client = new AccClient({ url: stack.wsUrl, token, WebSocket: Gated, backoff: { baseMs: 20, maxMs: 100 } });
    const received: EventFrame[] = [];
    client.onFrame((frame) => {
      if ("event" in frame && frame.event !== "system_state") received.push(frame);
    });
    client.connect();
    await client.whenOnline();
    expect((await client.send({ type: "set_status", status: "available" })).ok).toBe(true);
    await waitFor(() => received.some((f) => f.event === "agent_status_updated"), "available applied");
    const before = client.lastEventId;
    expect(before).not.toBeNull();

    gate.held = true;
    const seen: ConnectionStatus["kind"][] = [];
    client.onStatus((status) => seen.push(status.kind));
    gate.sockets.at(-1)!.terminate();
    await waitFor(() => seen.includes("reconnecting"), "the client noticed the drop");

    // While the client is away: a call rings for agent-1002 and the customer hangs up.
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254700000222", callerName: "Resume Test" });
    await reference.next("call_incoming", (d) => d.customerNumber === "254700000222");
    await stack.simulator.control.hangup(channel.id);
    await reference.next("agent_status_updated", (d) => d.status === "available" && d.previousStatus === "ringing");
    const missedIds = reference.frames.filter((f): f is EventFrame => "event" in f && f.event !== "system_state" && compareEventIds(f.id, before!) > 0).map((f) => f.id);
    expect(missedIds.length).toBeGreaterThanOrEqual(3);

    gate.held = false;
    await client.whenOnline();
    await waitFor(() => missedIds.every((id) => received.some((f) => f.id === id)), "every missed event replayed");
    expect(gate.urls.at(-1)).toContain(`lastEventId=${encodeURIComponent(before!)}`);
    const ids = received.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(received.find((f) => f.event === "call_incoming")).toMatchObject({ data: { callerName: "Resume Test" } });

    await client.send({ type: "set_status", status: "offline" });
    client.close();
  });

  it("stops and gives the server's reason when the token is refused", async () => {
    const token = await signToken("another-secret-0123456789abcdef0123", { role: "ops" });
    const client = new AccClient({ url: stack.wsUrl, token, WebSocket });
    client.connect();
    await expect(client.whenOnline()).rejects.toThrow(/signature/i);
    expect(client.status.kind).toBe("rejected");
  });

  it("says what to do when the platform has no WebSocket and none is given", () => {
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => new AccClient({ url: stack.wsUrl, token: "t" })).toThrow(/pass one as the WebSocket option/);
    } finally {
      if (saved !== undefined) global.WebSocket = saved;
    }
  });
});
