import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Simulator } from "../src/index.js";
import { type EventStream, type ReceivedEvent, request } from "./support/ari-http.js";
import { closeSimulatorWithStream, openSimulatorWithStream } from "./support/simulator.js";

/** `type` plus the fields that tell one step of a call from another. */
function step(event: ReceivedEvent): string {
  const channel = (event.channel ?? event.peer) as { name: string; state: string } | undefined;
  const detail = [event.dialstatus, event.cause, event.soft, event.variable, event.value, event.args]
    .filter((value) => value !== undefined)
    .map((value) => JSON.stringify(value))
    .join(" ");
  return `${event.type} ${channel?.name.replace(/-[0-9a-f]{8}/, "") ?? ""} ${channel?.state ?? ""} ${detail}`.trim();
}

describe("call flows of endpoint and dialplan behaviours", () => {
  let sim: Simulator;
  let stream: EventStream;

  beforeEach(async () => {
    ({ sim, stream } = await openSimulatorWithStream());
  });

  afterEach(() => closeSimulatorWithStream({ sim, stream }));

  const originate = (query: string) => request(sim.url, "POST", `/ari/channels?app=contact-center&${query}`);
  const until = (type: string) => stream.next((event) => event.type === type, type);

  test("a PJSIP endpoint rings, then answers after 50 ms by default and enters Stasis", async () => {
    await originate("endpoint=PJSIP/1001&appArgs=agent_leg,s-1");
    await until("StasisStart");
    expect(stream.events.map(step)).toEqual([
      'Dial PJSIP/1001 Down ""',
      "ChannelStateChange PJSIP/1001 Ringing",
      'Dial PJSIP/1001 Ringing "RINGING"',
      "ChannelStateChange PJSIP/1001 Up",
      'Dial PJSIP/1001 Up "ANSWER"',
      'ChannelVarset PJSIP/1001 Up "STASISSTATUS" ""',
      'StasisStart PJSIP/1001 Up ["agent_leg","s-1"]',
    ]);
  });

  test("an answered agent leg hung up from the far side leaves Stasis and is destroyed with cause 16", async () => {
    await originate("endpoint=PJSIP/1001&channelId=agent-leg-1&appArgs=agent_leg,s-1");
    await until("StasisStart");
    sim.control.hangup("agent-leg-1");
    await until("ChannelDestroyed");
    expect(stream.events.map(step).slice(-4)).toEqual([
      "ChannelHangupRequest PJSIP/1001 Up 16",
      "StasisEnd PJSIP/1001 Up",
      'ChannelVarset PJSIP/1001 Up "STASISSTATUS" "SUCCESS"',
      "ChannelDestroyed PJSIP/1001 Up 16",
    ]);
  });

  test("busy and congested endpoints end the dial with causes 17 and 34, without StasisStart", async () => {
    sim.control.setEndpointBehaviour("PJSIP/10*", { kind: "busy" });
    sim.control.setEndpointBehaviour("PJSIP/2000", { kind: "congestion" });
    await originate("endpoint=PJSIP/1001");
    await until("ChannelDestroyed");
    await originate("endpoint=PJSIP/2000");
    await stream.until(() => stream.events.filter((event) => event.type === "ChannelDestroyed").length === 2, "two ChannelDestroyed");
    expect(stream.events.map(step)).toEqual([
      'Dial PJSIP/1001 Down ""',
      'Dial PJSIP/1001 Down "BUSY"',
      "ChannelDestroyed PJSIP/1001 Down 17",
      'Dial PJSIP/2000 Down ""',
      'Dial PJSIP/2000 Down "CONGESTION"',
      "ChannelDestroyed PJSIP/2000 Down 34",
    ]);
    expect(stream.events.find((event) => event.type === "ChannelDestroyed")?.cause_txt).toBe("User busy");
  });

  test("an endpoint that only rings is given up after the originate timeout with cause 19", async () => {
    sim.control.setEndpointBehaviour("PJSIP/*", { kind: "ring" });
    await originate("endpoint=PJSIP/1001&timeout=1");
    await until("ChannelDestroyed");
    expect(stream.events.map(step)).toEqual([
      'Dial PJSIP/1001 Down ""',
      "ChannelStateChange PJSIP/1001 Ringing",
      'Dial PJSIP/1001 Ringing "RINGING"',
      "ChannelDestroyed PJSIP/1001 Ringing 19",
    ]);
  });

  test("a Local channel follows the dialplan set at run time", async () => {
    sim.control.setExtensionBehaviour("agents", "1005", { kind: "busy" });
    await originate("endpoint=Local/1005@agents");
    await stream.until(() => stream.events.filter((event) => event.type === "ChannelDestroyed").length === 2, "both halves destroyed");
    expect(stream.events.map(step)).toEqual([
      'Dial Local/1005@agents;1 Down ""',
      "ChannelDialplan Local/1005@agents;2 Ring",
      'Dial Local/1005@agents;1 Down "BUSY"',
      "ChannelHangupRequest Local/1005@agents;2 Ring 17",
      "ChannelDestroyed Local/1005@agents;1 Down 17",
      "ChannelHangupRequest Local/1005@agents;2 Ring 16 true",
      "ChannelDestroyed Local/1005@agents;2 Ring 17",
    ]);
  });

  test("an injected customer hangs up from the far side: cause 16 without soft, then StasisEnd", async () => {
    const seen: { type: string; sentAtNs: bigint }[] = [];
    const stop = sim.control.on("event", (event, sentAtNs) => seen.push({ type: event.type, sentAtNs }));
    const customer = await sim.control.injectCall({ args: ["queue", "8000"], callerNumber: "254712345678" });
    expect(customer).toMatchObject({ state: "Ring", caller: { name: "", number: "254712345678" }, dialplan: { app_name: "Stasis", app_data: "contact-center,queue,8000" } });
    sim.control.hangupAfter(customer.id, 20);
    await until("StasisEnd");
    stop();
    expect(stream.events.map(step)).toEqual([
      'StasisStart PJSIP/trunk Ring ["queue","8000"]',
      "ChannelHangupRequest PJSIP/trunk Ring 16",
      "StasisEnd PJSIP/trunk Ring",
    ]);
    expect(seen.map((entry) => entry.type)).toEqual(["StasisStart", "ChannelHangupRequest", "StasisEnd"]);
    expect(seen[0]!.sentAtNs < seen[2]!.sentAtNs).toBe(true);
    expect(sim.control.events).toBe(3);
    expect(sim.control.listChannels()).toEqual([]);
    await expect(sim.control.injectCall({ args: ["agent", "1001"], app: "nobody-listens" })).rejects.toThrow("Stasis app 'nobody-listens' is not registered");
    expect(() => sim.control.hangup("gone")).toThrow("Channel not found");
  });

  test("scenario control over HTTP: inject a call, refuse bad bodies, hang up", async () => {
    const injected = await request(sim.url, "POST", "/sim/calls", { json: { args: ["agent", "1001"], callerNumber: "254712345678" } });
    expect(injected).toMatchObject({ status: 200, body: { name: expect.stringMatching(/^PJSIP\/trunk-/), state: "Ring" } });
    const start = await until("StasisStart");
    expect(start.args).toEqual(["agent", "1001"]);
    expect(await request(sim.url, "POST", "/sim/calls", { json: { args: "agent" } })).toMatchObject({ status: 400 });
    expect(await request(sim.url, "POST", "/sim/calls", { json: { args: [], app: "other" } })).toMatchObject({
      status: 409,
      body: { message: "Stasis app 'other' is not registered" },
    });
    expect(await request(sim.url, "POST", "/sim/endpoint-behaviours", { json: { endpoint: "PJSIP/1001", behaviour: { kind: "sing" } } })).toMatchObject({ status: 400 });
    expect(await request(sim.url, "POST", "/sim/channels/nope/hangup", { json: {} })).toMatchObject({ status: 404 });
    const id = (injected.body as { id: string }).id;
    expect(await request(sim.url, "POST", `/sim/channels/${id}/hangup`, { json: { cause: 17 } })).toMatchObject({ status: 204 });
    expect((await until("ChannelHangupRequest")).cause).toBe(17);
    expect(await request(sim.url, "GET", "/sim/stats")).toMatchObject({ status: 200, body: { events: 3, traffic: null } });
  });
});
