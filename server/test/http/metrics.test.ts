/**
 * GET /metrics against a running server (real Redis, simulator, WebSocket screens): after real
 * calls through the simulator, the counters and histograms have moved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "@acc/test-support";

/** The value of the sample `name{labels}` in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe("GET /metrics", () => {
  let stack: Stack;
  const scrape = async () => {
    const reply = await fetch(`${stack.httpUrl}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return reply.text();
  };

  beforeAll(async () => {
    stack = await startStack({ STATS_INTERVAL_S: "1" }, { queues: [{ queueNumber: "5100", name: "Sales", members: [], strategy: "manual", ringTimeoutS: 20, wrapUpS: 0, serviceLevelS: 20, maxWaitS: 0, overflow: { action: "hangup" } }] });
  });
  afterAll(() => stack.close());

  it("counts a call answered and completed, a refused call, and times its ARI events, Redis commands and ARI requests", async () => {
    const before = await scrape();
    expect(sample(before, "acc_call_outcomes_total", { outcome: "answered" }) ?? 0).toBe(0);
    expect(sample(before, "process_resident_memory_bytes")).toBeGreaterThan(0);

    const agent = await stack.screen("agent", "agent-1001");
    const supervisor = await stack.screen("supervisor");
    await agent.command({ type: "set_status", status: "available" });
    const channel = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700007001" });
    const offer = await agent.next("call_incoming", (d) => d.customerNumber === "254700007001");
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    stack.simulator.control.hangup(channel.id);
    await agent.next("customer_left_bridge", (d) => d.sessionId === offer.sessionId);
    await stack.simulator.control.injectCall({ args: ["agent", "1999"], callerNumber: "254700007002" });
    await supervisor.next("call_refused", (d) => d.customerNumber === "254700007002");

    const after = await scrape();
    expect(sample(after, "acc_call_outcomes_total", { outcome: "answered" })).toBe(1);
    expect(sample(after, "acc_call_outcomes_total", { outcome: "completed" })).toBe(1);
    expect(sample(after, "acc_call_outcomes_total", { outcome: "refused" })).toBe(1);
    expect(sample(after, "acc_call_outcomes_total", { outcome: "abandoned" })).toBe(0);
    expect(sample(after, "acc_ari_event_to_frame_seconds_count", { type: "StasisStart" })).toBeGreaterThanOrEqual(2);
    expect(sample(after, "acc_ari_event_to_frame_seconds_bucket", { type: "StasisStart", le: "+Inf" })).toBeGreaterThanOrEqual(2);
    expect(sample(after, "acc_redis_command_duration_seconds_count", { command: "evalsha" })).toBeGreaterThan(0);
    expect(sample(after, "acc_ari_request_duration_seconds_count", { operation: "answerChannel", result: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "acc_ari_request_duration_seconds_count", { operation: "originate", result: "ok" })).toBe(1);
    expect(sample(after, "acc_websocket_clients", { role: "agent" })).toBe(1);
    expect(sample(after, "acc_websocket_clients", { role: "supervisor" })).toBe(1);
  });

  it("mirrors the waiting calls and service level of each queue from system_stats", async () => {
    const channel = await stack.simulator.control.injectCall({ args: ["queue", "5100"], callerNumber: "254700007003" });
    let text = "";
    await waitFor(async () => sample((text = await scrape()), "acc_queue_waiting_calls", { queue: "5100" }) === 1, "queue 5100 waiting 1", 10_000);
    expect(sample(text, "acc_queue_longest_wait_seconds", { queue: "5100" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "acc_queue_service_level_ratio", { queue: "5100" })).toBe(1);
    stack.simulator.control.hangup(channel.id);
    await waitFor(async () => sample((text = await scrape()), "acc_queue_waiting_calls", { queue: "5100" }) === 0, "queue 5100 empty", 10_000);
    expect(sample(text, "acc_call_outcomes_total", { outcome: "abandoned" })).toBe(1);
  });

  it("counts a Redis reconnect", async () => {
    expect(sample(await scrape(), "acc_reconnects_total", { connection: "redis" })).toBe(0);
    const id = (await stack.app.redis.client("ID")) as number;
    await stack.redis.redis.client("KILL", "ID", String(id));
    await waitFor(async () => sample(await scrape(), "acc_reconnects_total", { connection: "redis" }) === 1, "the Redis reconnect counted");
    expect(sample(await scrape(), "acc_reconnects_total", { connection: "ari" })).toBe(0);
  });

  it("counts an ARI reconnect after Asterisk restarts", async () => {
    await stack.simulator.restart({ downMs: 300 });
    await waitFor(async () => sample(await scrape(), "acc_reconnects_total", { connection: "ari" }) === 1, "the ARI reconnect counted", 15_000);
    expect(stack.app.ari.state).toBe("up");
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ METRICS_TOKEN: "scrape-token-0123456789" });
  });
  afterAll(() => stack.close());

  it("answers 401 without the token and the metrics with it", async () => {
    expect((await fetch(`${stack.httpUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${stack.httpUrl}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const reply = await fetch(`${stack.httpUrl}/metrics`, { headers: { authorization: "Bearer scrape-token-0123456789" } });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain("acc_call_outcomes_total");
  });
});
