import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Simulator, startSimulator } from "../src/index.js";
import { EventStream, request } from "./support/ari-http.js";

/** Events reach only the Stasis apps they concern, as Asterisk's app subscriptions decide. */
describe("event routing between Stasis apps", () => {
  let sim: Simulator;
  const streams: EventStream[] = [];

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    await sim.close();
  });

  const open = async (apps: string, extra = "") => {
    const stream = await EventStream.open(sim.url, apps, extra);
    streams.push(stream);
    return stream;
  };

  test("a call in one app is not seen by another; subscribeAll sees everything; one connection may hold several apps", async () => {
    const sales = await open("sales");
    const support = await open("support,billing");
    const everything = await open("monitor", "&subscribeAll=true");

    const call = await sim.control.injectCall({ args: ["queue", "1"], app: "billing" });
    await support.next((event) => event.type === "StasisStart", "billing StasisStart");
    await everything.next((event) => event.type === "StasisStart", "monitor copy");
    sim.control.hangup(call.id);
    await support.next((event) => event.type === "StasisEnd", "billing StasisEnd");
    await everything.next((event) => event.type === "ChannelDestroyed", "monitor ChannelDestroyed");

    expect(support.events.map((event) => [event.type, event.application])).toEqual([
      ["StasisStart", "billing"],
      ["ChannelHangupRequest", "billing"],
      ["StasisEnd", "billing"],
    ]);
    // Subscribed to everything, the monitor also sees the channel's end after it left Stasis.
    expect(everything.events.map((event) => [event.type, event.application])).toEqual([
      ["StasisStart", "monitor"],
      ["ChannelHangupRequest", "monitor"],
      ["StasisEnd", "monitor"],
      ["ChannelDestroyed", "monitor"],
    ]);
    // A later event for sales proves the sales connection was live and got nothing before it.
    await sim.control.injectCall({ args: ["queue", "2"], app: "sales" });
    await sales.next((event) => event.type === "StasisStart", "sales StasisStart");
    expect(sales.events.map((event) => event.type)).toEqual(["StasisStart"]);
  });

  test("a second connection for an app replaces the first, which gets ApplicationReplaced", async () => {
    const first = await open("contact-center");
    const second = await open("contact-center");
    const replaced = await first.next((event) => event.type === "ApplicationReplaced", "ApplicationReplaced");
    expect(replaced).toMatchObject({ application: "contact-center", asterisk_id: "02:fc:00:00:00:01" });
    await sim.control.injectCall({ args: ["agent", "1001"] });
    await second.next((event) => event.type === "StasisStart", "StasisStart on the new connection");
    expect(first.events.map((event) => event.type)).toEqual(["ApplicationReplaced"]);
  });

  test("after its connection closes, an app no longer exists for Stasis()", async () => {
    const stream = await open("contact-center");
    await stream.close();
    await expect(sim.control.injectCall({ args: ["agent", "1001"] })).rejects.toThrow("is not registered");
    expect((await request(sim.url, "GET", "/ari/channels")).body).toEqual([]);
  });
});
