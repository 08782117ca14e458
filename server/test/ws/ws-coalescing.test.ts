import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "node:net";
import type { ServerFrame } from "@acc/shared-types";
import { eventFrame } from "../../src/ws/frames.js";
import { prepareFrame } from "../../src/ws/index.js";
import { startHarness, statusUpdate, type Harness, type TestClient } from "./harness.js";

const maxBufferedBytes = 64 * 1024;

async function open(h: Harness, agentId: string): Promise<TestClient> {
  const client = await h.connect(await h.token("agent", agentId));
  expect(await client.next()).toMatchObject({ type: "connected" });
  expect(await client.next()).toMatchObject({ event: "system_state" });
  return client;
}

/** Names of every header size (7-bit, 16-bit and 64-bit payload lengths) and multi-byte UTF-8. */
const names = ["A", "Zoë Ångström", "名前".repeat(100), "x".repeat(70_000), "🎧 ".repeat(20_000), "B"];

/** Delivers one agent_status_updated per name to `agentId`, all in the current turn; returns the ids. */
function deliverInOneTurn(h: Harness, agentId: string, agentNames: string[], firstId = 1): string[] {
  return agentNames.map((agentName, i) => {
    const id = `${firstId + i}-0`;
    h.hub.deliver(eventFrame("agent_status_updated", statusUpdate(agentId, agentName), id), { agentIds: [agentId] }, id);
    return id;
  });
}

function namesAndIds(frames: ServerFrame[]): Array<[string, string]> {
  return frames.map((frame) => {
    if (!("event" in frame) || frame.event !== "agent_status_updated") throw new Error(`unexpected frame ${JSON.stringify(frame).slice(0, 200)}`);
    return [frame.data.agentName, frame.id];
  });
}

describe("frames written in one turn", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxBufferedBytes });
  });
  afterAll(() => h.close());

  it("frames a message once as an unmasked text frame with the shortest length field", () => {
    for (const text of ["", "a".repeat(125), "é".repeat(63), "b".repeat(126), "c".repeat(65_535), "d".repeat(65_536)]) {
      const { wire, text: payload } = prepareFrame(text);
      const length = Buffer.byteLength(text);
      expect(wire[0]).toBe(0x81);
      if (length < 126) expect(wire[1]).toBe(length);
      else if (length < 65_536) expect([wire[1], wire.readUInt16BE(2)]).toEqual([126, length]);
      else expect([wire[1], Number(wire.readBigUInt64BE(2))]).toEqual([127, length]);
      expect(payload.toString("utf8")).toBe(text);
      expect(wire.length).toBe(length + (length < 126 ? 2 : length < 65_536 ? 4 : 10));
    }
  });

  it("arrive at a ws client in order and intact, each its own message", async () => {
    const client = await open(h, "6001");
    const ids = deliverInOneTurn(h, "6001", names);
    expect(namesAndIds(await client.sync())).toEqual(names.map((name, i) => [name, ids[i]]));
  });

  it("do not count against the slow-consumer bound while corked: a reading client gets a burst over the bound", async () => {
    const client = await open(h, "6003");
    const burst = Array.from({ length: 20 }, (_, i) => `${i}:${"y".repeat(32 * 1024)}`);
    const size = h.hub.size;
    deliverInOneTurn(h, "6003", burst);
    expect(h.hub.size).toBe(size);
    expect(namesAndIds(await client.sync()).map(([name]) => name)).toEqual(burst);
  });

  it("still drop a client that stopped reading, with 1013, once its backlog from earlier turns is over the bound", async () => {
    const slow = await open(h, "6004");
    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    const size = h.hub.size;
    const frame = "z".repeat(32 * 1024);
    // Bounded: loopback buffers hold a few MiB; 400 turns of 10 frames are 128 MiB.
    for (let turn = 0; turn < 400 && h.hub.size === size; turn++) {
      deliverInOneTurn(h, "6004", Array.from({ length: 10 }, () => frame), 1 + turn * 10);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(h.hub.size).toBe(size - 1);
    const warning = h.logs.find((line) => line.msg === "dropping slow WebSocket client" && line.agentId === "6004");
    expect(warning!.bufferedBytes as number).toBeGreaterThan(maxBufferedBytes);
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(1013);
  });

  it("drop a stalled supervisor in the middle of a delivery to every supervisor, and the others get every frame", async () => {
    const supervisor = async () => {
      const client = await h.connect(await h.token("supervisor"));
      expect(await client.next()).toMatchObject({ type: "connected" });
      expect(await client.next()).toMatchObject({ event: "system_state" });
      return client;
    };
    const first = await supervisor();
    const stalled = await supervisor();
    const last = await supervisor();
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();
    const size = h.hub.size;
    const frame = eventFrame("agent_status_updated", statusUpdate("6201", "s".repeat(32 * 1024)), "1-0");
    let turns = 0;
    const received = [0, 0];
    // Bounded as above; the readers drain between turns.
    for (; turns < 400 && h.hub.size === size; turns++) {
      for (let i = 0; i < 4; i++) h.hub.deliver(frame, { supervisors: true });
      const frames = await Promise.all([first.sync(), last.sync()]);
      frames.forEach((taken, i) => (received[i]! += taken.length));
    }
    expect(h.hub.size).toBe(size - 1);
    expect(received).toEqual([4 * turns, 4 * turns]);
    (stalled.ws as unknown as { _socket: Socket })._socket.resume();
    expect((await stalled.closed).code).toBe(1013);
    expect(h.hub.deliver(frame, { supervisors: true })).toBe(2);
    for (const reader of [first, last]) expect(await reader.sync()).toHaveLength(1);
  });
});

describe("frames written in one turn with permessage-deflate negotiated", () => {
  let h: Harness;
  beforeAll(async () => {
    // The default bound: ws counts frames queued behind a compression against it at once.
    h = await startHarness({ perMessageDeflate: true });
  });
  afterAll(() => h.close());

  it("go through ws's compressing sender and arrive in order and intact", async () => {
    const client = await open(h, "6101");
    expect(client.ws.extensions).toMatch(/permessage-deflate/);
    const ids = deliverInOneTurn(h, "6101", names);
    expect(namesAndIds(await client.sync())).toEqual(names.map((name, i) => [name, ids[i]]));
  });
});
