import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { IncomingMessage } from "node:http";
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
  beforeAll(async () => {
    h = await startHarness({ onRequest: (request) => void upgrades.push(new WeakRef(request.raw)) });
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
});
