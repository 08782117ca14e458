import { afterEach, describe, expect, test } from "vitest";
import { type Simulator, startSimulator } from "../src/index.js";
import { EventStream, request } from "./support/ari-http.js";
import { closeSimulatorWithStream } from "./support/simulator.js";

/** Fault injection for chaos tests of an ARI application: cut sockets, restarts, duplicated and reordered events. */
describe("simulator fault injection", () => {
  let sim: Simulator | undefined;
  let stream: EventStream | undefined;

  afterEach(async () => {
    await closeSimulatorWithStream({ sim, stream });
    sim = undefined;
    stream = undefined;
  });

  test("cutting the app's event socket closes it without a close frame and unregisters the app", async () => {
    sim = await startSimulator();
    const cut = await EventStream.open(sim.url, "contact-center");
    const closed = cut.closed();
    expect(sim.control.cutEventSockets("contact-center")).toBe(1);
    // 1006: the connection ended without a close frame (RFC 6455 §7.1.5).
    expect(await closed).toBe(1006);
    const refused = await request(sim.url, "POST", "/sim/calls", { json: { args: ["agent", "1001"] } });
    expect(refused.status).toBe(409);
    stream = await EventStream.open(sim.url, "contact-center");
    await sim.control.injectCall({ args: ["agent", "1001"] });
    await stream.next((event) => event.type === "StasisStart", "StasisStart after reconnecting");
  });

  test("POST /sim/faults/cut-events cuts every connection when no app is named", async () => {
    sim = await startSimulator();
    stream = await EventStream.open(sim.url, "contact-center");
    const other = await EventStream.open(sim.url, "other-app");
    const answer = await request(sim.url, "POST", "/sim/faults/cut-events", { json: {} });
    expect(answer).toMatchObject({ status: 200, body: { cut: 2 } });
    await other.close();
  });

  test("a restart drops every call without an event, refuses connections while down, and comes back on the same port", async () => {
    sim = await startSimulator();
    const url = sim.url;
    stream = await EventStream.open(url, "contact-center");
    const before = await sim.control.injectCall({ args: ["agent", "1001"] });
    await stream.next((event) => event.type === "StasisStart", "StasisStart");
    const eventsBefore = stream.events.length;

    await sim.stop();
    await expect(fetch(`${url}/ari/asterisk/ping`)).rejects.toThrow();
    expect(sim.control.listChannels()).toEqual([]);
    expect(stream.events.length).toBe(eventsBefore);

    await sim.start();
    expect(sim.url).toBe(url);
    expect((await request(url, "GET", "/ari/channels")).body).toEqual([]);
    await stream.close();
    stream = await EventStream.open(url, "contact-center");
    const after = await sim.control.injectCall({ args: ["agent", "1001"] });
    expect(after.id).not.toBe(before.id);
    await stream.next((event) => event.type === "StasisStart", "StasisStart after the restart");
  });

  test("POST /sim/restart answers 202, then the simulator is back with no channels", async () => {
    sim = await startSimulator();
    stream = await EventStream.open(sim.url, "contact-center");
    await sim.control.injectCall({ args: ["agent", "1001"] });
    const closed = stream.closed();
    const answer = await request(sim.url, "POST", "/sim/restart", { json: { downMs: 50 } });
    expect(answer.status).toBe(202);
    await closed;
    let channels: unknown;
    for (let attempt = 0; attempt < 100 && channels === undefined; attempt++) {
      channels = await request(sim.url, "GET", "/ari/channels").then((a) => a.body, () => undefined);
      if (channels === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(channels).toEqual([]);
    expect((await request(sim.url, "POST", "/sim/restart", { json: { downMs: -1 } })).status).toBe(400);
  });

  test("duplicateEvery 1 writes every event twice, byte for byte the same", async () => {
    sim = await startSimulator();
    stream = await EventStream.open(sim.url, "contact-center");
    sim.control.setEventFaults({ duplicateEvery: 1 });
    const channel = await sim.control.injectCall({ args: ["agent", "1001"] });
    sim.control.hangup(channel.id);
    await stream.until(() => stream!.events.length >= 6, "three events, each twice");
    const types = stream.events.map((event) => event.type);
    expect(types).toEqual(["StasisStart", "StasisStart", "ChannelHangupRequest", "ChannelHangupRequest", "StasisEnd", "StasisEnd"]);
    for (let i = 0; i < 6; i += 2) expect(stream.events[i + 1]).toEqual(stream.events[i]);
    expect(sim.control.eventFaults()).toMatchObject({ duplicateEvery: 1, duplicated: 3 });
  });

  test("reorderEvery 2 swaps every second event with the one after it, leaving payloads unchanged", async () => {
    sim = await startSimulator();
    stream = await EventStream.open(sim.url, "contact-center");
    const answer = await request(sim.url, "PUT", "/sim/faults/events", { json: { reorderEvery: 2 } });
    expect(answer).toMatchObject({ status: 200, body: { reorderEvery: 2, duplicateEvery: 0 } });
    const channel = await sim.control.injectCall({ args: ["agent", "1001"] });
    sim.control.hangup(channel.id);
    await stream.until(() => stream!.events.length >= 3, "three events");
    // Without the fault: StasisStart, ChannelHangupRequest, StasisEnd (the recordings' order).
    expect(stream.events.map((event) => event.type)).toEqual(["StasisStart", "StasisEnd", "ChannelHangupRequest"]);
    expect(stream.events[2]).toMatchObject({ type: "ChannelHangupRequest", cause: 16, channel: { id: channel.id } });
    expect(sim.control.eventFaults().reordered).toBe(1);
  });

  test("a held-back event with no successor is still written", async () => {
    sim = await startSimulator();
    stream = await EventStream.open(sim.url, "contact-center");
    sim.control.setEventFaults({ reorderEvery: 1 });
    await sim.control.injectCall({ args: ["agent", "1001"] });
    await stream.next((event) => event.type === "StasisStart", "the held StasisStart");
    expect(sim.control.eventFaults().reordered).toBe(0);
  });

  test("fault settings are validated", async () => {
    sim = await startSimulator();
    expect(() => sim!.control.setEventFaults({ duplicateEvery: 1.5 })).toThrow(RangeError);
    expect((await request(sim.url, "PUT", "/sim/faults/events", { json: { reorderEvery: -1 } })).status).toBe(400);
  });
});
