import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { startHarness, type Harness } from "./harness.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects until `ref` is cleared or `attempts` full collections ran (WeakRefs clear between jobs). */
async function collected(ref: WeakRef<object>, attempts = 10): Promise<boolean> {
  for (let i = 0; i < attempts && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return ref.deref() === undefined;
}

describe("an idle connection", () => {
  let h: Harness;
  let upgrades: WeakRef<IncomingMessage>[] = [];
  let tcpSockets: Socket[] = [];
  beforeAll(async () => {
    h = await startHarness({
      onRequest: (request) => {
        upgrades.push(new WeakRef(request.raw));
        tcpSockets.push(request.raw.socket);
      },
    });
  });
  afterAll(() => h.close());

  it("does not keep the upgrade's HTTP request once its handshake is over, and still answers commands", async () => {
    upgrades = [];
    const client = await h.connect(await h.token("supervisor"));
    expect(await client.next()).toMatchObject({ type: "connected" });
    expect(await client.next()).toMatchObject({ event: "system_state" });
    expect(upgrades).toHaveLength(1);
    expect(await collected(upgrades[0]!)).toBe(true);
    expect(await client.sync()).toEqual([]);
  });

  it("keeps no closure of its own on its TCP socket: two connections' sockets have the very same listeners", async () => {
    tcpSockets = [];
    const token = await h.token("agent", "7001");
    for (let i = 0; i < 2; i++) {
      const client = await h.connect(token);
      expect(await client.next()).toMatchObject({ type: "connected" });
      expect(await client.next()).toMatchObject({ event: "system_state" });
    }
    const [one, two] = tcpSockets;
    expect(tcpSockets).toHaveLength(2);
    expect(two!.eventNames()).toEqual(one!.eventNames());
    for (const event of one!.eventNames()) {
      const listeners = one!.listeners(event);
      expect(two!.listeners(event)).toHaveLength(listeners.length);
      two!.listeners(event).forEach((listener, i) => expect(listener).toBe(listeners[i]));
    }
  });

  it("shares one identity object among the screens of one agent", async () => {
    const token = await h.token("agent", "7002");
    for (let i = 0; i < 2; i++) {
      const client = await h.connect(i === 0 ? token : await h.token("agent", "7002"));
      await client.next();
      await client.next();
    }
    const connects = h.hookCalls.filter((call) => call.hook === "onConnect" && call.identity.agentId === "7002");
    expect(connects).toHaveLength(2);
    expect(connects[1]!.identity).toBe(connects[0]!.identity);
  });
});
