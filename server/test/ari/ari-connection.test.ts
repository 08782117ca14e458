import { createRequire } from "node:module";
import { startSimulator, type Simulator } from "@acc/ari-simulator";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import {
  AriConnection,
  AriError,
  type AriConnectionOptions,
  type AriConnectionState,
  type AriEvent,
} from "../../src/ari/index.js";
import { startAriProxy, type AriProxy } from "./ari-proxy.js";

const APP = "contact-center";

/** Everything a test opened, closed in reverse order after it. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function simulator(port?: number): Promise<Simulator> {
  const sim = await startSimulator(port === undefined ? {} : { port });
  cleanups.push(() => sim.close());
  return sim;
}

async function proxyTo(sim: Simulator): Promise<AriProxy> {
  const proxy = await startAriProxy(sim.url);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** Log lines written by the connection, parsed. */
type LogLine = { level: number; msg: string; type?: unknown };

function connection(
  url: string,
  overrides: Partial<AriConnectionOptions> = {},
): { ari: AriConnection; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const ari = new AriConnection({
    url,
    username: "asterisk",
    password: "asterisk",
    app: APP,
    requestTimeoutMs: 1000,
    rebuild: { initialDelayMs: 50, maxDelayMs: 200 },
    logger,
    ...overrides,
  });
  cleanups.push(() => ari.close());
  return { ari, logs };
}

/** Resolves with the first event matching `match`; rejects after `timeoutMs` to bound the wait. */
function nextEvent<T extends AriEvent["type"]>(
  ari: AriConnection,
  type: T,
  match: (event: Extract<AriEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Extract<AriEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ari.off("event", listener);
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (event: AriEvent): void => {
      if (event.type !== type || !match(event as Extract<AriEvent, { type: T }>)) return;
      clearTimeout(timer);
      ari.off("event", listener);
      resolve(event as Extract<AriEvent, { type: T }>);
    };
    ari.on("event", listener);
  });
}

/** Resolves when the connection reaches `state` (at once if it is there); bounded by `timeoutMs`. */
function reachState(ari: AriConnection, state: AriConnectionState, timeoutMs = 10_000): Promise<void> {
  if (ari.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ari.off("state", listener);
      reject(new Error(`not ${state} within ${timeoutMs} ms (${ari.state}: ${ari.stateDetail})`));
    }, timeoutMs);
    const listener = (change: { state: AriConnectionState }): void => {
      if (change.state !== state) return;
      clearTimeout(timer);
      ari.off("state", listener);
      resolve();
    };
    ari.on("state", listener);
  });
}

async function ariError(promise: Promise<unknown>): Promise<AriError> {
  const outcome = await promise.then(
    () => new Error("expected the call to fail"),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AriError);
  return outcome as AriError;
}

describe("AriConnection against the simulator", () => {
  it("delivers an injected call's StasisStart as a typed event and answers it", async () => {
    const sim = await simulator();
    const { ari } = connection(sim.url);
    await ari.start();
    expect(ari.state).toBe("up");

    const arrived = nextEvent(ari, "StasisStart");
    const injected = await sim.control.injectCall({ args: ["agent", "1001"], callerNumber: "5551234", callerName: "Alice" });
    const start = await arrived;
    expect(start.channel.id).toBe(injected.id);
    expect(start.args).toEqual(["agent", "1001"]);
    expect(start.channel.caller).toEqual({ name: "Alice", number: "5551234" });
    expect(start.application).toBe(APP);

    const up = nextEvent(ari, "ChannelStateChange", (event) => event.channel.id === injected.id);
    await ari.rest.answerChannel(injected.id);
    expect((await up).channel.state).toBe("Up");
    expect((await ari.rest.getChannel(injected.id)).state).toBe("Up");
    expect((await ari.rest.listChannels()).map((channel) => channel.id)).toContain(injected.id);
  });

  it("returns REST failures as AriError with the kind Asterisk's answer means", async () => {
    const sim = await simulator();
    const { ari } = connection(sim.url);
    await ari.start();

    const missing = await ariError(ari.rest.answerChannel("no-such-channel"));
    expect(missing).toMatchObject({ kind: "not_found", operation: "channels.answer", status: 404 });
    expect(missing.message).toBe("Channel not found");
    expect((await ariError(ari.rest.hangupChannel("no-such-channel", "normal"))).kind).toBe("not_found");
    expect((await ariError(ari.rest.destroyBridge("no-such-bridge"))).kind).toBe("not_found");

    const bridge = await ari.rest.createBridge({ type: "mixing", bridgeId: "bridge-1", name: "call" });
    expect(bridge).toMatchObject({ id: "bridge-1", bridge_type: "mixing", channels: [] });
    expect((await ariError(ari.rest.createBridge({ type: "mixing", bridgeId: "bridge-1" }))).kind).toBe("conflict");
    // bridges.json lists "Channel not found" as 400 for addChannel (not 404 as for channels.*).
    expect(await ariError(ari.rest.addChannelsToBridge("bridge-1", ["no-such-channel"]))).toMatchObject({
      kind: "bad_request",
      operation: "bridges.addChannel",
    });

    // A ringing agent leg has not entered the app yet: Asterisk refuses to control it.
    const ringing = await ari.rest.originate({
      endpoint: "Local/ring-noanswer@agents",
      app: APP,
      appArgs: ["agent_leg", "s1"],
      channelId: "leg-ringing",
      timeoutS: 30,
    });
    expect(ringing.id).toBe("leg-ringing");
    expect(await ariError(ari.rest.answerChannel("leg-ringing"))).toMatchObject({ kind: "conflict", operation: "channels.answer" });
    const taken = await ariError(
      ari.rest.originate({ endpoint: "Local/ring-noanswer@agents", app: APP, appArgs: [], channelId: "leg-ringing", timeoutS: 30 }),
    );
    expect(taken.kind).toBe("conflict");
    expect(
      (await ariError(ari.rest.originate({ endpoint: "Local/1@agents", app: APP, appArgs: ["a,b"], channelId: "x", timeoutS: 5 })))
        .kind,
    ).toBe("bad_request");
  });

  it("sends REST calls over kept-alive connections, with Asterisk's paths, parameters and body", async () => {
    const sim = await simulator();
    const proxy = await proxyTo(sim);
    const { ari } = connection(proxy.url);
    await ari.start();
    const opened = proxy.connectionsAccepted();

    await ari.rest.createBridge({ type: "mixing", bridgeId: "bridge-kept", name: "call one" });
    for (let cycle = 0; cycle < 10; cycle += 1) {
      const channelId = `kept-${cycle}`;
      const entered = nextEvent(ari, "StasisStart", (event) => event.channel.id === channelId);
      const channel = await ari.rest.originate({
        endpoint: "Local/1001@agents",
        app: APP,
        appArgs: ["agent_leg", `session ${cycle}`],
        channelId,
        callerId: '"Queue one" <8000>',
        timeoutS: 30,
        variables: { CC_SESSION: `session-${cycle}` },
      });
      expect(channel.id).toBe(channelId);
      expect((await entered).args).toEqual(["agent_leg", `session ${cycle}`]);
      const variable = await fetch(`${sim.url}/ari/channels/${channelId}/variable?variable=CC_SESSION`, {
        headers: { authorization: `Basic ${Buffer.from("asterisk:asterisk").toString("base64")}` },
      });
      expect(await variable.json()).toEqual({ value: `session-${cycle}` });
      await ari.rest.addChannelsToBridge("bridge-kept", [channelId]);
      await ari.rest.muteChannel(channelId, "in");
      await ari.rest.hangupChannel(channelId, "normal");
    }
    await ari.rest.destroyBridge("bridge-kept");
    // Sequential requests reuse one kept-alive connection (ari-client opened one per request).
    expect(proxy.connectionsAccepted() - opened).toBeLessThanOrEqual(2);
    expect(sim.control.listChannels()).toEqual([]);
  });

  it("fails a REST call with kind timeout when Asterisk stops answering", async () => {
    const sim = await simulator();
    const proxy = await proxyTo(sim);
    const { ari } = connection(proxy.url, { requestTimeoutMs: 300 });
    await ari.start();
    expect((await ari.rest.asteriskInfo()).system).toBeDefined();

    proxy.stall();
    expect(await ariError(ari.rest.asteriskInfo())).toMatchObject({ kind: "timeout", operation: "asterisk.getInfo" });
  });

  it("fails a REST call instead of hanging once the simulator is gone", async () => {
    const sim = await startSimulator();
    const { ari } = connection(sim.url, { requestTimeoutMs: 300 });
    await ari.start();
    await sim.close();

    // The refused connection is reported as such; ari-client's REST calls never settled here.
    const failure = await ariError(ari.rest.answerChannel("any"));
    expect(failure).toMatchObject({ kind: "unavailable", operation: "channels.answer" });
    expect(failure.message).toMatch(/ECONNREFUSED|connect/);
  });

  it("goes down and comes back up when the simulator restarts on the same port", async () => {
    const first = await startSimulator();
    const port = Number(new URL(first.url).port);
    const { ari } = connection(first.url);
    const states: AriConnectionState[] = [];
    ari.on("state", (change) => states.push(change.state));
    await ari.start();

    const down = reachState(ari, "down");
    await first.close();
    await down;
    const second = await simulator(port);
    await reachState(ari, "up");
    // ari-client may report several failed reconnects while the port is closed: one "down" each.
    expect(states.filter((state, index) => state !== states[index - 1])).toEqual(["connecting", "up", "down", "up"]);

    const arrived = nextEvent(ari, "StasisStart");
    const injected = await second.control.injectCall({ args: ["agent", "1002"] });
    expect((await arrived).channel.id).toBe(injected.id);
  });

  it("rebuilds the client after ari-client gives up reconnecting", async () => {
    // ari-client's own budget (10 retries, about 43 s) is fixed inside its start(); to reach its
    // WebSocketMaxRetries in seconds, this test shortens the backoff-func module ari-client uses.
    const requireFromAriClient = createRequire(createRequire(import.meta.url).resolve("ari-client"));
    const backoff = requireFromAriClient("backoff-func") as { create: (options?: object) => unknown };
    const originalCreate = backoff.create;
    backoff.create = (options?: object) => originalCreate({ ...options, delay: 20, maxDelay: 40, maxRetries: 2 });
    cleanups.push(async () => {
      backoff.create = originalCreate;
    });

    const first = await startSimulator();
    const port = Number(new URL(first.url).port);
    const { ari, logs } = connection(first.url);
    await ari.start();
    const listenersBefore = ari.clientListenerCount();

    await first.close();
    await reachState(ari, "connecting");
    expect(logs.some((line) => String((line as { detail?: unknown }).detail).includes("gave up reconnecting"))).toBe(true);
    expect(ari.clientListenerCount()).toBe(0);
    expect(await ariError(ari.rest.answerChannel("any"))).toMatchObject({ kind: "unavailable" });

    const second = await simulator(port);
    await reachState(ari, "up");
    expect(ari.clientListenerCount()).toBe(listenersBefore);
    const arrived = nextEvent(ari, "StasisStart");
    const injected = await second.control.injectCall({ args: ["agent", "1003"] });
    expect((await arrived).channel.id).toBe(injected.id);
  });

  it("skips an unknown event type, a non-JSON frame and an invalid event, and keeps delivering", async () => {
    const sim = await simulator();
    const proxy = await proxyTo(sim);
    const { ari, logs } = connection(proxy.url);
    await ari.start();

    const timestamp = "2026-11-22T00:00:00.000+0000";
    proxy.injectFrame(JSON.stringify({ type: "FancyNewEvent", timestamp, application: APP }));
    proxy.injectFrame("this is not JSON");
    proxy.injectFrame(JSON.stringify({ type: "StasisStart", timestamp, application: APP, args: [] }));
    const arrived = nextEvent(ari, "StasisStart");
    const injected = await sim.control.injectCall({ args: ["agent", "1001"] });
    expect((await arrived).channel.id).toBe(injected.id);

    const skipped = logs.filter((line) => line.msg.startsWith("ARI event skipped"));
    expect(skipped.map((line) => line.type)).toEqual(["FancyNewEvent", undefined]);
    const dropped = logs.filter((line) => line.msg.startsWith("ARI event dropped"));
    expect(dropped.map((line) => line.type)).toEqual(["StasisStart"]);
  });

  it("leaves no listeners behind on the client after many originate and hang-up cycles", async () => {
    const sim = await simulator();
    const { ari } = connection(sim.url);
    await ari.start();
    const before = ari.clientListenerCount();
    expect(before).toBeGreaterThan(0);

    for (let cycle = 0; cycle < 25; cycle += 1) {
      const channelId = `leg-${cycle}`;
      const entered = nextEvent(ari, "StasisStart", (event) => event.channel.id === channelId);
      await ari.rest.originate({
        endpoint: "Local/1001@agents",
        app: APP,
        appArgs: ["agent_leg", `session-${cycle}`],
        channelId,
        callerId: '"Queue" <8000>',
        timeoutS: 30,
      });
      expect((await entered).args).toEqual(["agent_leg", `session-${cycle}`]);
      const ended = nextEvent(ari, "StasisEnd", (event) => event.channel.id === channelId);
      await ari.rest.hangupChannel(channelId);
      await ended;
    }
    expect(ari.clientListenerCount()).toBe(before);
    expect(sim.control.listChannels()).toEqual([]);
  });

  it("refuses a second live connection with other credentials, and rejects wrong credentials", async () => {
    const sim = await simulator();
    const { ari: first } = connection(sim.url);
    await first.start();

    const { ari: other } = connection(sim.url, { password: "other" });
    await expect(other.start()).rejects.toThrow(/already open in this process/);

    // Same credentials are allowed, but Asterisk gives the app to the newest connection.
    const { ari: second } = connection(sim.url);
    const replaced = reachState(first, "down");
    await second.start();
    await replaced;
    expect(first.stateDetail).toContain("another connection registered");

    await first.close();
    await second.close();
    const { ari: wrong } = connection(sim.url, { password: "wrong" });
    expect(await ariError(wrong.start())).toMatchObject({ kind: "unauthorized", status: 401 });
  });
});
