/**
 * Ghost calls after a Redis outage (issue 13.1): ARI events whose handling fails while Redis is down
 * must not be lost. The suite runs its own redis-server (append-only, so a restart keeps the data)
 * and stops it under calls; the server, the simulator and the screens are real.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRedis, type LocalRedis } from "../../src/demo/local-redis.js";
import { queueConfigSchema } from "../../src/queues/queue-config.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

/** How long Redis stays down: long enough that ioredis gives up on the commands queued meanwhile. */
const OUTAGE_MS = 2500;

describe("calls across a Redis outage", () => {
  let dataDir: string;
  let redisServer: LocalRedis;
  let port: number;
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "redis-outage-calls-"));
    redisServer = await startLocalRedis({ dataDir });
    port = Number(new URL(redisServer.url).port);
    stack = await startStack(
      { RING_TIMEOUT_S: "120" },
      { redisUrl: redisServer.url, queues: [queueConfigSchema.parse({ queueNumber: "7100", name: "Auto", strategy: "longest-idle", members: ["agent-1002"], ringTimeoutS: 120 })] },
    );
    agent = await stack.screen("agent", "agent-1002");
    supervisor = await stack.screen("supervisor");
    // A robot agent: answers every call offered, as a busy agent would.
    agent.socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as { event?: string; data?: { sessionId?: string } };
      if (frame.event === "call_incoming" && frame.data?.sessionId) agent.socket.send(JSON.stringify({ type: "answer_call", sessionId: frame.data.sessionId, id: `robot-${frame.data.sessionId}` }));
    });
  });
  afterAll(async () => {
    await stack.close();
    await redisServer.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Stops Redis, runs `meanwhile` (ARI events then fail to be handled), and starts it again. */
  async function outage(meanwhile: () => void | Promise<void>): Promise<void> {
    await redisServer.stop();
    await waitFor(() => stack.app.redis.status !== "ready", "the server to notice Redis is gone");
    await meanwhile();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    redisServer = await startLocalRedis({ port, dataDir });
    await waitFor(() => stack.app.redis.status === "ready", "the server to reconnect to Redis", 10_000);
  }

  const capacity = async () => (await stack.app.calls.agents.getAgent("agent-1002"))?.capacity.current;

  it("ends a waiting call whose caller hung up during the outage once, and never offers it", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7100"], callerNumber: "254733000001" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    await outage(() => stack.simulator.control.hangup(channel.id));
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");

    await waitFor(async () => (await stack.app.calls.sessions.getSession(waiting.sessionId))?.released === true, "the session to end", 15_000);
    const session = await stack.app.calls.sessions.getSession(waiting.sessionId);
    expect(session?.endReason).toBe("customer_left");
    expect(session?.offerCount).toBe(0);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "abandoned");
    expect(agent.events("call_incoming").filter((d) => d.sessionId === waiting.sessionId)).toEqual([]);
    expect(await capacity()).toBe(0);
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });

  it("ends a ringing call whose caller hung up during the outage as customer_left_bridge, releasing the slot once", async () => {
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    // No robot answer for this one: an agent leg that never answers keeps the call ringing.
    stack.simulator.control.setExtensionBehaviour("agents", "1002", { kind: "ring" });
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254733000002" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    await outage(() => stack.simulator.control.hangup(channel.id));

    const left = await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId, 15_000);
    expect(left.reason).toBe("customer_disconnected");
    await waitFor(async () => (await capacity()) === 0, "the slot released");
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "no channel left on the simulator");
    expect(agent.events("customer_left_bridge").filter((d) => d.sessionId === offer.sessionId)).toHaveLength(1);
    expect(agent.events("agent_rejected_call").filter((d) => d.sessionId === offer.sessionId)).toEqual([]);
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });

  it("retries an event that failed during the outage: an agent leg's busy cause is kept", async () => {
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    stack.simulator.control.setExtensionBehaviour("agents", "1002", { kind: "ring" });
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254733000004" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channel.id);
    let legId = "";
    await waitFor(async () => {
      legId = (await stack.app.calls.sessions.getSession(offer.sessionId))?.agentChannelId ?? "";
      return legId !== "" && stack.simulator.control.listChannels().some((c) => c.id === legId);
    }, "the agent leg dialling");
    // The agent's phone answers busy while Redis is down: only a retried ChannelDestroyed tells why.
    await outage(() => stack.simulator.control.hangup(legId, { cause: 17 }));

    const rejected = await agent.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId, 15_000);
    expect(rejected.reason).toBe("agent_busy");
    await waitFor(async () => (await capacity()) === 0, "the slot released");
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "the caller hung up with busy");
    expect(await agent.command({ type: "set_status", status: "offline" })).toMatchObject({ type: "ack" });
  });

  it("takes in a call whose StasisStart arrived during the outage once Redis is back", async () => {
    expect((await agent.command({ type: "set_status", status: "available" })).type).toBe("ack");
    let channelId = "";
    await outage(async () => {
      channelId = (await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254733000003" })).id;
    });
    const offer = await agent.next("call_incoming", (d) => d.channelId === channelId, 15_000);
    expect(offer.sessionId).toBeTruthy();
    stack.simulator.control.hangup(channelId);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await waitFor(async () => (await capacity()) === 0, "the slot released");
    await waitFor(() => stack.simulator.control.listChannels().length === 0, "no channel left on the simulator");
  });
});
