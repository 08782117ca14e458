/**
 * End to end, queue routing: priorities, return to the queue after a missed offer, automatic
 * distribution by strategy, wrap-up and pause blocking offers, overflow, abandon and the pushed
 * queue figures. Real ari-client against the simulator, real Redis, real WebSocket screens.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queueConfigSchema, type QueueConfig } from "../../src/queues/queue-config.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

const queue = (fields: Record<string, unknown>): QueueConfig => queueConfigSchema.parse({ name: `Queue ${String(fields.queueNumber)}`, ...fields });

const QUEUES = [
  queue({ queueNumber: "7000", strategy: "manual", ringTimeoutS: 1, serviceLevelS: 20 }),
  queue({ queueNumber: "7100", strategy: "longest-idle", members: ["agent-1001", "agent-1002"], wrapUpS: 30 }),
  queue({ queueNumber: "7200", strategy: "round-robin", members: ["agent-1001", "agent-1002"] }),
  queue({ queueNumber: "7300", strategy: "fewest-calls", members: ["agent-1001", "agent-1002"] }),
  queue({ queueNumber: "7400", strategy: "manual", maxWaitS: 1, overflow: { action: "queue", queueNumber: "7000" } }),
  queue({ queueNumber: "7500", strategy: "longest-idle", members: ["agent-1003"], wrapUpS: 1 }),
  queue({ queueNumber: "7600", strategy: "manual", members: ["agent-1001", "agent-1002"], serviceLevelS: 20 }),
  queue({ queueNumber: "7800", strategy: "manual", maxWaitS: 1, overflow: { action: "hangup" } }),
];

describe("queue routing", () => {
  let stack: Stack;
  let a1001: Screen;
  let a1002: Screen;
  let a1003: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    stack = await startStack({}, { queues: QUEUES });
    a1001 = await stack.screen("agent", "agent-1001");
    a1002 = await stack.screen("agent", "agent-1002");
    a1003 = await stack.screen("agent", "agent-1003");
    supervisor = await stack.screen("supervisor");
  });
  afterAll(() => stack.close());
  afterEach(async () => {
    // Every test leaves no call behind: hang up what is left, agents offline, wrap-ups ended.
    for (const channel of await stack.simulator.control.listChannels()) {
      try {
        await stack.simulator.control.hangup(channel.id);
      } catch {
        // Gone in the meantime (its other half hung it up).
      }
    }
    await waitFor(async () => (await stack.app.calls.sessions.listOpenSessions()).length === 0, "no open session");
    for (const screen of [a1001, a1002, a1003]) {
      await screen.command({ type: "end_wrap_up" });
      await screen.command({ type: "set_status", status: "offline" });
    }
  });

  const call = async (queueNumber: string, callerNumber: string) => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", queueNumber], callerNumber });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    return { channel, waiting };
  };

  it("orders a queue by priority, then arrival, and tells supervisors of the new positions", async () => {
    const first = await call("7000", "254700000001");
    const second = await call("7000", "254700000002");
    const third = await call("7000", "254700000003");
    expect([first.waiting.queuePosition, second.waiting.queuePosition, third.waiting.queuePosition]).toEqual([1, 2, 3]);
    const ack = await supervisor.command({ type: "set_queue_priority", sessionId: third.waiting.sessionId, priority: 10 });
    expect(ack).toMatchObject({ type: "ack", result: { queuePosition: 1 } });
    await supervisor.next("queue_call_updated", (d) => d.sessionId === third.waiting.sessionId && d.queuePosition === 1 && d.priority === 10);
    await supervisor.next("queue_call_updated", (d) => d.sessionId === first.waiting.sessionId && d.queuePosition === 2);
    await supervisor.next("queue_call_updated", (d) => d.sessionId === second.waiting.sessionId && d.queuePosition === 3);
    expect(await stack.app.calls.queueStore.waitingSessionIds("7000")).toEqual([third.waiting.sessionId, first.waiting.sessionId, second.waiting.sessionId]);
    const outOfRange = await supervisor.command({ type: "set_queue_priority", sessionId: first.waiting.sessionId, priority: 1000 });
    expect(outOfRange).toMatchObject({ type: "error", code: "INVALID_MESSAGE" });
  });

  it("returns a rejected call, and one whose ring timeout passed, to its old place in the queue", async () => {
    await a1001.command({ type: "set_status", status: "available" });
    const first = await call("7000", "254700000011");
    const second = await call("7000", "254700000012");
    expect(await supervisor.command({ type: "assign_queue_call", sessionId: first.waiting.sessionId, agentId: "agent-1001" })).toMatchObject({ type: "ack" });
    const offer = await a1001.next("call_incoming", (d) => d.sessionId === first.waiting.sessionId);
    expect(offer.ringTimeout).toBe(1);
    await supervisor.next("queue_call_updated", (d) => d.sessionId === second.waiting.sessionId && d.queuePosition === 1);
    await a1001.command({ type: "reject_call", sessionId: offer.sessionId, reason: "wrong skill" });
    const rejected = await a1001.next("agent_rejected_call", (d) => d.sessionId === offer.sessionId);
    expect(rejected).toMatchObject({ reason: "rejected", returnedToQueue: true, detail: "wrong skill" });
    const back = await supervisor.next("incoming_queue_call", (d) => d.sessionId === first.waiting.sessionId && d.timestamp > first.waiting.timestamp);
    expect(back.queuePosition).toBe(1);
    expect(await stack.app.calls.queueStore.waitingSessionIds("7000")).toEqual([first.waiting.sessionId, second.waiting.sessionId]);
    expect((await stack.app.calls.agents.getAgent("agent-1001"))?.capacity.current).toBe(0);

    await supervisor.command({ type: "assign_queue_call", sessionId: first.waiting.sessionId, agentId: "agent-1001" });
    const missed = await a1001.next("agent_rejected_call", (d) => d.sessionId === first.waiting.sessionId && d.reason === "ring_timeout", 5000);
    expect(missed.returnedToQueue).toBe(true);
    await waitFor(async () => (await stack.app.calls.queueStore.waitingSessionIds("7000"))[0] === first.waiting.sessionId, "back at the head of the queue");
    // The caller still waits in the queue's holding bridge, with music on hold.
    const holding = (await stack.simulator.control.listBridges()).find((b) => b.id === "queue-7000-holding");
    expect(holding?.channels).toContain(first.channel.id);
  });

  it("refuses to assign to a paused agent or one without capacity, and nothing changes", async () => {
    await a1003.command({ type: "set_status", status: "paused", reason: "training" });
    const waiting = (await call("7000", "254700000021")).waiting;
    expect(await supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1003" })).toMatchObject({ type: "error", code: "CONFLICT" });
    const status = await a1003.command({ type: "set_status", status: "available" });
    expect(status).toMatchObject({ type: "ack" });
    const direct = await stack.simulator.control.injectCall({ args: ["agent", "1003"], callerNumber: "254700000022" });
    await a1003.next("call_incoming", (d) => d.channelId === direct.id);
    expect(await supervisor.command({ type: "assign_queue_call", sessionId: waiting.sessionId, agentId: "agent-1003" })).toMatchObject({ type: "error", code: "CONFLICT" });
    expect((await stack.app.calls.sessions.getSession(waiting.sessionId))?.state).toBe("queued");
  });

  it("longest-idle offers the call to the member idle longest", async () => {
    await a1002.command({ type: "set_status", status: "available" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await a1001.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7100"], callerNumber: "254700000031" });
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    expect(offer).toMatchObject({ callType: "queue", queueNumber: "7100", agentId: "agent-1002" });
    await supervisor.next("queue_call_removed", (d) => d.sessionId === offer.sessionId && d.reason === "assigned");
    expect(a1001.events("call_incoming").some((d) => d.channelId === channel.id)).toBe(false);
  });

  it("round-robin takes the members in turn", async () => {
    await a1001.command({ type: "set_status", status: "available" });
    await a1002.command({ type: "set_status", status: "available" });
    const first = await stack.simulator.control.injectCall({ args: ["queue", "7200"], callerNumber: "254700000041" });
    const firstOffer = await a1001.next("call_incoming", (d) => d.channelId === first.id);
    const second = await stack.simulator.control.injectCall({ args: ["queue", "7200"], callerNumber: "254700000042" });
    const secondOffer = await a1002.next("call_incoming", (d) => d.channelId === second.id);
    const third = await stack.simulator.control.injectCall({ args: ["queue", "7200"], callerNumber: "254700000043" });
    const thirdOffer = await a1001.next("call_incoming", (d) => d.channelId === third.id);
    expect([firstOffer.agentId, secondOffer.agentId, thirdOffer.agentId]).toEqual(["agent-1001", "agent-1002", "agent-1001"]);
  });

  it("fewest-calls offers the call to the member holding fewest calls", async () => {
    await a1001.command({ type: "set_status", status: "available" });
    const busy = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000051" });
    await a1001.next("call_incoming", (d) => d.channelId === busy.id);
    await a1002.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7300"], callerNumber: "254700000052" });
    const offer = await a1002.next("call_incoming", (d) => d.channelId === channel.id);
    expect(offer.agentId).toBe("agent-1002");
  });

  it("keeps an agent in wrap-up after a queue call: no offers until end_wrap_up; a short wrap-up ends by itself", async () => {
    await a1001.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7100"], callerNumber: "254700000061" });
    const offer = await a1001.next("call_incoming", (d) => d.channelId === channel.id);
    await a1001.command({ type: "answer_call", sessionId: offer.sessionId });
    await a1001.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.hangup(channel.id);
    const wrapUp = await a1001.next("agent_status_updated", (d) => d.status === "wrap_up");
    expect(wrapUp.capacity.canTakeCall).toBe(false);
    const late = await stack.screen("supervisor");
    expect(late.events("system_state")[0]?.extensionStates["1001"]).toMatchObject({ status: "wrap_up", wrapUpUntil: wrapUp.wrapUpUntil });
    expect(Date.parse(wrapUp.wrapUpUntil ?? "") - Date.parse(wrapUp.lastUpdate)).toBe(30_000);

    const next = await stack.simulator.control.injectCall({ args: ["queue", "7100"], callerNumber: "254700000062" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === next.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stack.app.calls.sessions.getSession(waiting.sessionId))?.state).toBe("queued");
    expect(await a1001.command({ type: "end_wrap_up" })).toMatchObject({ type: "ack", result: { status: "available" } });
    const offered = await a1001.next("call_incoming", (d) => d.channelId === next.id);
    expect(offered.sessionId).toBe(waiting.sessionId);
    expect(await a1002.command({ type: "end_wrap_up" })).toMatchObject({ type: "error", code: "INVALID_STATE" });

    await a1003.command({ type: "set_status", status: "available" });
    const short = await stack.simulator.control.injectCall({ args: ["queue", "7500"], callerNumber: "254700000063" });
    const shortOffer = await a1003.next("call_incoming", (d) => d.channelId === short.id);
    await a1003.command({ type: "answer_call", sessionId: shortOffer.sessionId });
    await a1003.next("call_bridged_successfully", (d) => d.sessionId === shortOffer.sessionId);
    await stack.simulator.control.hangup(short.id);
    await a1003.next("agent_status_updated", (d) => d.status === "wrap_up");
    await a1003.next("agent_status_updated", (d) => d.previousStatus === "wrap_up" && d.status === "available", 5000);
  });

  it("offers nothing to a paused agent, and the reason shows to supervisors", async () => {
    await a1001.command({ type: "set_status", status: "paused", reason: "coaching" });
    const paused = await supervisor.next("agent_status_updated", (d) => d.agentId === "agent-1001" && d.status === "paused");
    expect(paused.pauseReason).toBe("coaching");
    // A dashboard that connects now sees the reason and the time in status in its snapshot.
    const late = await stack.screen("supervisor");
    expect(late.events("system_state")[0]?.extensionStates["1001"]).toMatchObject({ status: "paused", pauseReason: "coaching", statusChangedAt: paused.statusChangedAt });
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7100"], callerNumber: "254700000071" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stack.app.calls.sessions.getSession(waiting.sessionId))?.state).toBe("queued");
    await a1001.command({ type: "set_status", status: "available" });
    await a1001.next("call_incoming", (d) => d.channelId === channel.id);
  });

  it("overflows a call that waited the queue's maximum into the overflow queue", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "7400"], callerNumber: "254700000081" });
    const waiting = await supervisor.next("incoming_queue_call", (d) => d.channelId === channel.id);
    const moved = await supervisor.next("incoming_queue_call", (d) => d.sessionId === waiting.sessionId && d.queueNumber === "7000", 5000);
    expect(moved.queuePosition).toBe(1);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.queueNumber === "7400" && d.reason === "overflow");
  });

  it("hangs up a call that waited the maximum when the queue's overflow says so", async () => {
    const { channel, waiting } = await call("7800", "254700000085");
    const removed = await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId, 5000);
    expect(removed).toMatchObject({ reason: "overflow", queueNumber: "7800" });
    await waitFor(async () => !(await stack.simulator.control.listChannels()).some((c) => c.id === channel.id), "caller hung up");
    expect(await stack.app.calls.queueStore.waitingSessionIds("7800")).toEqual([]);
  });

  it("lets a supervisor transfer a waiting call to another queue", async () => {
    const { waiting } = await call("7400", "254700000091");
    const ack = await supervisor.command({ type: "transfer_call", sessionId: waiting.sessionId, target: "7000" });
    expect(ack).toMatchObject({ type: "ack", result: { queueNumber: "7000" } });
    await supervisor.next("queue_call_removed", (d) => d.sessionId === waiting.sessionId && d.reason === "transferred");
    expect(await stack.app.calls.queueStore.waitingSessionIds("7000")).toContain(waiting.sessionId);
  });

  it("pushes queue figures a person can check by hand: one answered, one abandoned", async () => {
    // Queue 7600, threshold 20 s: one call answered within a second, one abandoned within a
    // second. serviceLevel = 1/1 = 100 %; SL2 (app_queue) = (1 + 1)/(1 + 1) = 100 %;
    // abandoned = 1; abandonRate = 1/2 = 50 %; waiting = 0.
    await a1001.command({ type: "set_status", status: "available" });
    const answered = await call("7600", "254700000101");
    await supervisor.command({ type: "assign_queue_call", sessionId: answered.waiting.sessionId, agentId: "agent-1001" });
    await a1001.next("call_incoming", (d) => d.sessionId === answered.waiting.sessionId);
    await a1001.command({ type: "answer_call", sessionId: answered.waiting.sessionId });
    await a1001.next("call_bridged_successfully", (d) => d.sessionId === answered.waiting.sessionId);
    const abandoned = await call("7600", "254700000102");
    await stack.simulator.control.hangup(abandoned.channel.id);
    await supervisor.next("queue_call_removed", (d) => d.sessionId === abandoned.waiting.sessionId && d.reason === "abandoned");
    const stats = await supervisor.next("system_stats", (d) => d.queues?.["7600"]?.abandoned === 1, 5000);
    expect(stats.queues?.["7600"]).toMatchObject({ waiting: 0, serviceLevel: 100, serviceLevelWithAbandoned: 100, abandoned: 1, abandonRate: 50, agentsOnCall: 1, agentsAvailable: 0 });
  });
});
