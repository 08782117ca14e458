import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Simulator } from "../src/index.js";
import { type EventStream, request } from "./support/ari-http.js";
import { closeSimulatorWithStream, openSimulatorWithStream } from "./support/simulator.js";

/** Statuses and `{"message": ...}` bodies as Asterisk 20's res/ari answers them. */
describe("ARI error answers", () => {
  let sim: Simulator;
  let stream: EventStream;

  beforeEach(async () => {
    ({ sim, stream } = await openSimulatorWithStream());
  });

  afterEach(() => closeSimulatorWithStream({ sim, stream }));

  const call = (method: string, path: string, json?: unknown) => request(sim.url, method, path, { json });

  test("401 with Asterisk's challenge without valid credentials, on REST, api-docs and /sim", async () => {
    for (const path of ["/ari/channels", "/ari/api-docs/resources.json", "/sim/channels"]) {
      const answer = await request(sim.url, "GET", path, { credentials: "asterisk:wrong" });
      expect(answer.status, path).toBe(401);
      expect(answer.body).toEqual({ message: "Authentication required" });
      expect(answer.headers.get("www-authenticate")).toBe('Basic realm="Asterisk REST Interface"');
    }
    const withApiKey = await fetch(`${sim.url}/ari/channels?api_key=asterisk:asterisk`);
    expect(withApiKey.status).toBe(200);
  });

  test("channel lookups: 404 unknown, 409 not in Stasis, 412 invalid state", async () => {
    expect(await call("POST", "/ari/channels/nope/answer")).toMatchObject({ status: 404, body: { message: "Channel not found" } });
    expect(await call("GET", "/ari/channels/nope")).toMatchObject({ status: 404, body: { message: "Channel not found" } });
    expect(await call("DELETE", "/ari/channels/nope")).toMatchObject({ status: 404, body: { message: "Channel not found" } });

    // A Local customer: the ;1 half is not in Stasis; the ;2 half is, in state Ring.
    const first = (await call("POST", "/ari/channels?endpoint=Local/100@from-customer&extension=100&context=agents")).body as { id: string };
    const started = await stream.next((event) => event.type === "StasisStart", "customer StasisStart");
    expect(await call("POST", `/ari/channels/${first.id}/answer`)).toMatchObject({ status: 409, body: { message: "Channel not in Stasis application" } });

    // A created channel is in Stasis but Down: state-changing operations answer 412.
    await call("POST", "/ari/channels/create?endpoint=PJSIP/1001&app=contact-center&channelId=created-1");
    await stream.next((event) => event.type === "StasisStart" && (event.channel as { id: string }).id === "created-1", "created StasisStart");
    for (const [method, path] of [["POST", "answer"], ["POST", "hold"], ["POST", "ring"], ["POST", "moh"], ["POST", "mute"]]) {
      expect(await call(method!, `/ari/channels/created-1/${path}`), path).toMatchObject({ status: 412, body: { message: "Channel in invalid state" } });
    }

    const customerId = (started.channel as { id: string }).id;
    const answered = await call("POST", `/ari/channels/${customerId}/answer`);
    expect(answered).toMatchObject({ status: 204, body: "" });
    expect(await call("POST", `/ari/channels/${customerId}/mute?direction=sideways`)).toMatchObject({ status: 400, body: { message: "Invalid direction specified" } });
    expect(await call("POST", `/ari/channels/${customerId}/variable`)).toMatchObject({ status: 400, body: { message: "Variable name is required" } });
    expect(await call("DELETE", `/ari/channels/${customerId}?reason=because`)).toMatchObject({ status: 400, body: { message: "Invalid reason for hangup provided" } });
    expect(await call("POST", `/ari/channels/${customerId}/redirect`)).toMatchObject({ status: 400, body: { message: "Required parameter 'endpoint' not provided." } });
    expect(await call("POST", `/ari/channels/${customerId}/redirect?endpoint=PJSIP/2000`)).toMatchObject({
      status: 422,
      body: { message: "Endpoint technology 'PJSIP' does not match channel technology 'Local'" },
    });
    expect(await call("POST", "/ari/channels/created-1/dial?timeout=x")).toMatchObject({ status: 400 });
    expect(await call("POST", `/ari/channels/${customerId}/dial`)).toMatchObject({ status: 409, body: { message: "Channel is not in the 'Down' state" } });
  });

  test("originate: 400 for missing or invalid parameters, 409 for a taken id, 500 when the channel cannot be made", async () => {
    expect(await call("POST", "/ari/channels")).toMatchObject({ status: 400, body: { message: "Endpoint must be specified" } });
    expect(await call("POST", "/ari/channels?endpoint=PJSIP")).toMatchObject({ status: 400, body: { message: "Invalid endpoint specified" } });
    expect(await call("POST", "/ari/channels?endpoint=PJSIP/1001")).toMatchObject({ status: 400, body: { message: "Application or extension must be specified" } });
    expect(await call("POST", "/ari/channels?endpoint=Foo/1001&app=contact-center")).toMatchObject({ status: 500, body: { message: "Allocation failed" } });
    sim.control.setEndpointBehaviour("PJSIP/unreachable", { kind: "fail" });
    expect(await call("POST", "/ari/channels?endpoint=PJSIP/unreachable&app=contact-center")).toMatchObject({ status: 500, body: { message: "Allocation failed" } });
    expect(await call("POST", "/ari/channels/agent-1?endpoint=PJSIP/1001&app=contact-center")).toMatchObject({ status: 200, body: { id: "agent-1" } });
    expect(await call("POST", "/ari/channels?endpoint=PJSIP/1002&app=contact-center&channelId=agent-1")).toMatchObject({
      status: 409,
      body: { message: "Channel with given unique ID already exists" },
    });
    expect(await call("POST", "/ari/channels?endpoint=PJSIP/1003&app=contact-center", { variables: { A: 1 } })).toMatchObject({
      status: 400,
      body: { message: "Only string values in the 'variables' object allowed" },
    });
  });

  test("bridges: 404 unknown, 409 taken id, 400/422 for channels that cannot be added or removed", async () => {
    expect(await call("GET", "/ari/bridges/nope")).toMatchObject({ status: 404, body: { message: "Bridge not found" } });
    expect(await call("POST", "/ari/bridges/nope/addChannel?channel=x")).toMatchObject({ status: 404, body: { message: "Bridge not found" } });
    expect(await call("POST", "/ari/bridges?bridgeId=b1&type=mixing")).toMatchObject({ status: 200, body: { id: "b1", bridge_type: "mixing", channels: [] } });
    expect(await call("POST", "/ari/bridges/b1")).toMatchObject({ status: 409, body: { message: "Bridge with id 'b1' already exists" } });
    expect(await call("POST", "/ari/bridges/b1/addChannel")).toMatchObject({ status: 400, body: { message: "Missing parameter channel" } });
    expect(await call("POST", "/ari/bridges/b1/addChannel?channel=ghost")).toMatchObject({ status: 400, body: { message: "Channel not found" } });
    const first = (await call("POST", "/ari/channels?endpoint=Local/100@from-customer&extension=100&context=agents")).body as { id: string };
    const started = await stream.next((event) => event.type === "StasisStart", "customer StasisStart");
    expect(await call("POST", `/ari/bridges/b1/addChannel?channel=${first.id}`)).toMatchObject({ status: 422, body: { message: "Channel not in Stasis application" } });
    const customerId = (started.channel as { id: string }).id;
    expect(await call("POST", `/ari/bridges/b1/removeChannel?channel=${customerId}`)).toMatchObject({ status: 422, body: { message: "Channel not in this bridge" } });
    expect(await call("POST", "/ari/bridges/b1/addChannel", { channel: customerId })).toMatchObject({ status: 204, body: "" });
    expect((await call("GET", "/ari/bridges/b1")).body).toMatchObject({ channels: [customerId] });
    expect(await call("POST", "/ari/bridges/b1/record?name=r1&format=nope")).toMatchObject({ status: 422, body: { message: "specified format is unknown on this system" } });
    const recording = await call("POST", "/ari/bridges/b1/record?name=r1&format=wav");
    expect(recording).toMatchObject({ status: 201, body: { name: "r1", format: "wav", state: "queued", target_uri: "bridge:b1" } });
    expect(recording.headers.get("location")).toBe("/recordings/live/r1");
    await stream.next((event) => event.type === "RecordingStarted", "RecordingStarted");
    expect(await call("POST", "/ari/recordings/live/r1/stop")).toMatchObject({ status: 204 });
    expect((await stream.next((event) => event.type === "RecordingFinished", "RecordingFinished")).recording).toMatchObject({ state: "done" });
    expect(await call("GET", "/ari/recordings/live/r1")).toMatchObject({ status: 404, body: { message: "Recording not found" } });
  });

  test("unknown resources answer 404 Resource not found; asterisk/info filters by only", async () => {
    expect(await call("GET", "/ari/nothing-here")).toMatchObject({ status: 404, body: { message: "Resource not found" } });
    expect(await call("GET", "/ari/api-docs/playbacks.json")).toMatchObject({ status: 404, body: { message: "Resource not found" } });
    const info = await call("GET", "/ari/asterisk/info?only=system");
    expect(info).toMatchObject({ status: 200, body: { system: { version: "20.20.1", entity_id: "02:fc:00:00:00:01" } } });
    expect(Object.keys(info.body as object)).toEqual(["system"]);
  });
});
