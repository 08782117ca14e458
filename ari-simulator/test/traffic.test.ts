import { afterEach, describe, expect, test } from "vitest";
import { type Simulator, type TrafficOptions, startSimulator } from "../src/index.js";
import { EventStream, request } from "./support/ari-http.js";
import { closeSimulatorWithStream, openSimulatorWithStream } from "./support/simulator.js";

/**
 * A minimal Stasis app on a raw connection: calls to an agent are answered and put alone in a
 * bridge (so the generator sees them bridged), queue calls are hung up by the app.
 */
async function bridgingApp(sim: Simulator): Promise<EventStream> {
  const stream = await EventStream.open(sim.url, "contact-center");
  let chain = Promise.resolve();
  stream.onEvent((event) => {
    if (event.type !== "StasisStart") return;
    const channelId = (event.channel as { id: string }).id;
    const direct = (event.args as string[])[0] === "agent";
    chain = chain.then(async () => {
      if (!direct) {
        await request(sim.url, "DELETE", `/ari/channels/${channelId}`);
        return;
      }
      await request(sim.url, "POST", `/ari/channels/${channelId}/answer`);
      const bridge = (await request(sim.url, "POST", "/ari/bridges?type=mixing")).body as { id: string };
      await request(sim.url, "POST", `/ari/bridges/${bridge.id}/addChannel?channel=${channelId}`);
    });
  });
  return stream;
}

const options: TrafficOptions = {
  callsPerSecond: 100,
  talkTimeMs: { mean: 20, min: 5, max: 40 },
  // Longer than the app needs to bridge a call, so every outcome is decided by the app.
  patienceMs: { mean: 10_000, min: 10_000, max: 10_000 },
  directShare: 0.5,
  agentExtensions: ["1001", "1002"],
  queueNumbers: ["8000"],
  maxCalls: 8,
  seed: 42,
};

describe("traffic generator", () => {
  let sim: Simulator | undefined;
  let stream: EventStream | undefined;

  afterEach(async () => {
    await closeSimulatorWithStream({ sim, stream });
    stream = undefined;
    sim = undefined;
  });

  async function run() {
    sim = await startSimulator();
    stream = await bridgingApp(sim);
    const counters = await sim.control.startTraffic(options).finished;
    const starts = stream.events.filter((event) => event.type === "StasisStart").map((event) => (event.args as string[]).join(","));
    await stream.close();
    await sim.close();
    stream = undefined;
    sim = undefined;
    return { counters, starts };
  }

  test("places exactly maxCalls calls, ends them all, and repeats itself with the same seed", async () => {
    const first = await run();
    expect(first.counters.offered).toBe(8);
    expect(first.counters.failed).toBe(0);
    expect(first.counters.active).toBe(0);
    expect(first.starts).toHaveLength(8);
    expect(first.counters.completed + first.counters.abandoned + first.counters.endedByApplication).toBe(8);
    // Agent calls are bridged by the app and completed by the customer; the app ends queue calls.
    const agentCalls = first.starts.filter((args) => args.startsWith("agent,")).length;
    expect(agentCalls).toBeGreaterThan(0);
    expect(agentCalls).toBeLessThan(8);
    expect(first.counters.bridged).toBe(agentCalls);
    expect(first.counters.completed).toBe(agentCalls);
    expect(first.counters.endedByApplication).toBe(8 - agentCalls);
    expect(first.counters.abandoned).toBe(0);
    expect(first.starts.every((args) => /^(agent,100[12]|queue,8000)$/.test(args))).toBe(true);

    const second = await run();
    expect(second.starts).toEqual(first.starts);
    expect(second.counters).toEqual(first.counters);
  });

  test("customers abandon calls that are never bridged once their patience runs out", async () => {
    ({ sim, stream } = await openSimulatorWithStream());
    const counters = await sim.control.startTraffic({ ...options, patienceMs: { mean: 20, min: 5, max: 40 }, maxCalls: 4 }).finished;
    expect(counters).toMatchObject({ offered: 4, failed: 0, bridged: 0, abandoned: 4, active: 0 });
    await stream.until(() => stream!.events.filter((event) => event.type === "StasisEnd").length === 4, "four StasisEnd");
    expect(stream.events.filter((event) => event.type === "ChannelHangupRequest").every((event) => event.cause === 16 && !("soft" in event))).toBe(true);
  });

  test("counts calls that no app takes as failed, and checks its options", async () => {
    sim = await startSimulator();
    const traffic = sim.control.startTraffic({ ...options, maxCalls: 3 });
    const counters = await traffic.finished;
    expect(counters).toMatchObject({ offered: 3, failed: 3, active: 0 });
    expect(sim.control.stopTraffic()).toEqual(counters);
    expect(() => sim!.control.startTraffic({ ...options, agentExtensions: [], queueNumbers: [] })).toThrow("agentExtensions or queueNumbers");
  });
});
