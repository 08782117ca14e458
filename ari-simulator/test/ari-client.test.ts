import type { Bridge, Channel, Client, StasisStart } from "ari-client";
import * as ari from "ari-client";
import WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Simulator, startSimulator } from "../src/index.js";

type Emitter = Pick<Client, "on"> | Pick<Channel, "on"> | Pick<Bridge, "on">;

/** Resolves with the first event an ari-client client or resource instance reports for `type`. */
function once<E>(emitter: Emitter, type: string): Promise<E> {
  // ari-client's typings overload `on` per event name; the events used here are typed by the caller.
  const on = emitter.on as unknown as (this: Emitter, type: string, listener: (event: E) => void) => void;
  return new Promise((resolve) => on.call(emitter, type, resolve));
}

describe("the unmodified ari-client against the simulator", () => {
  let sim: Simulator;
  let client: Client | undefined;
  let started = false;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    if (started) client?.stop();
    client = undefined;
    started = false;
    await sim.close();
  });

  test("connects, takes an injected call, bridges an originated agent leg and hangs up", async () => {
    client = await ari.connect(sim.url, "asterisk", "asterisk");
    const customerStarted = once<StasisStart>(client, "StasisStart");
    await client.start("contact-center");
    started = true;

    const injected = await sim.control.injectCall({ args: ["agent", "1001"], callerNumber: "254712345678", callerName: "Customer" });
    const start = await customerStarted;
    expect(start.args).toEqual(["agent", "1001"]);
    expect(start.channel.id).toBe(injected.id);
    expect(start.channel.name).toMatch(/^PJSIP\/trunk-[0-9a-f]{8}$/);
    expect(start.channel.state).toBe("Ring");
    expect(start.channel.caller).toEqual({ name: "Customer", number: "254712345678" });
    expect(start.channel.dialplan).toMatchObject({ app_name: "Stasis", app_data: "contact-center,agent,1001" });

    const customer = client.Channel(injected.id);
    const customerUp = once<{ channel: Channel }>(customer, "ChannelStateChange");
    await customer.answer();
    expect((await customerUp).channel.state).toBe("Up");

    const bridge: Bridge = client.Bridge();
    await bridge.create({ type: "mixing", name: "call-1" });
    const customerEntered = once<{ bridge: Bridge }>(bridge, "ChannelEnteredBridge");
    await bridge.addChannel({ channel: customer.id });
    expect((await customerEntered).bridge.channels).toEqual([customer.id]);

    const agent = client.Channel();
    const agentStarted = once<StasisStart>(agent, "StasisStart");
    const originated = await agent.originate({ endpoint: "Local/1001@agents", app: "contact-center", appArgs: "agent_leg,session-1" });
    expect(originated.id).toBe(agent.id);
    expect(originated.name).toMatch(/^Local\/1001@agents-[0-9a-f]{8};1$/);
    const agentStart = await agentStarted;
    expect(agentStart.args).toEqual(["agent_leg", "session-1"]);
    expect(agentStart.channel.state).toBe("Up");

    const agentEntered = once<{ bridge: Bridge }>(agent, "ChannelEnteredBridge");
    await bridge.addChannel({ channel: agent.id });
    expect((await agentEntered).bridge.channels).toEqual([customer.id, agent.id]);
    expect((await bridge.get()).channels).toEqual([customer.id, agent.id]);

    const recordingStarted = once<{ recording: { name: string; state: string } }>(client, "RecordingStarted");
    const recording = await bridge.record({ name: "call-1-recording", format: "wav" }, client.LiveRecording("call-1-recording"));
    expect(recording).toMatchObject({ name: "call-1-recording", format: "wav", state: "queued", target_uri: `bridge:${bridge.id}` });
    expect((await recordingStarted).recording).toMatchObject({ name: "call-1-recording", state: "recording" });

    const customerEnded = once(customer, "StasisEnd");
    await customer.hangup();
    await customerEnded;
    expect((await bridge.get()).channels).toEqual([agent.id]);

    const agentDestroyed = once<{ cause: number }>(agent, "ChannelDestroyed");
    await agent.hangup();
    expect((await agentDestroyed).cause).toBe(16);
    const bridgeDestroyed = once(bridge, "BridgeDestroyed");
    const recordingFinished = once<{ recording: { state: string } }>(client, "RecordingFinished");
    await bridge.destroy();
    await bridgeDestroyed;
    expect((await recordingFinished).recording.state).toBe("done");
    expect(await client.channels.list()).toEqual([]);
    expect(await client.bridges.list()).toEqual([]);
  });

  test("reports ARI errors to ari-client callers with Asterisk's message", async () => {
    client = await ari.connect(sim.url, "asterisk", "asterisk");
    await expect(client.channels.answer({ channelId: "no-such-channel" })).rejects.toThrow('{"message":"Channel not found"}');
  });

  test("/ari/events refuses bad credentials with 401 and a missing app with 400", async () => {
    const base = sim.url.replace(/^http/, "ws");
    const refusal = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url);
        socket.on("unexpected-response", (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.on("open", () => {
          socket.close();
          reject(new Error("upgrade accepted"));
        });
        socket.on("error", () => undefined);
      });
    expect(await refusal(`${base}/ari/events?app=contact-center&api_key=asterisk:wrong`)).toBe(401);
    expect(await refusal(`${base}/ari/events?api_key=asterisk:asterisk`)).toBe(400);
  });
});
