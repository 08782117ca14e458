/**
 * How many Redis commands one answered call's transitions run (create → reserve → connecting →
 * connected → released). Each command inside a script is Redis CPU on its one thread, so the
 * count bounds how many lifecycles per second Redis can take; this guards the count the
 * benchmark's lifecycle phase reports. A private redis-server keeps INFO commandstats free of
 * other suites' commands.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRedis, type LocalRedis } from "../../src/demo/local-redis.js";
import { createStateStore } from "../../src/state/index.js";
import { availableAgent, ok, RING_MS, T0 } from "./fixtures.js";

/** Commands executed per name (INFO commandstats `cmdstat_<name>:calls=<n>`). */
async function commandCounts(redis: Redis): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const match of (await redis.info("commandstats")).matchAll(/cmdstat_([a-z|]+):calls=(\d+)/g)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

describe("one call lifecycle in Redis", () => {
  let server: LocalRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await startLocalRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("runs at most 42 commands and leaves the agent available with no call", async () => {
    const store = createStateStore(redis, "lifecycle:");
    await availableAgent(store, "a1", "1001", 1);
    const lifecycle = async (channelId: string) => {
      const { session } = ok(
        await store.sessions.createSession({ kind: "direct", customerChannelId: channelId, customerNumber: "254712345678", callerName: "C", extension: "1001" }, T0),
      );
      const reserved = ok(await store.sessions.reserveSlot(session.sessionId, "a1", T0 + RING_MS, T0));
      ok(await store.sessions.markConnecting(session.sessionId, "a1", T0));
      const connected = ok(await store.sessions.connectCall(session.sessionId, `bridge-${session.sessionId}`, T0));
      const released = ok(await store.sessions.releaseSlot(session.sessionId, "customer_left", T0));
      return { reserved, connected, released };
    };
    // The first lifecycle loads the scripts (EVALSHA misses, SCRIPT LOAD).
    await lifecycle("warm-up");

    const before = await commandCounts(redis);
    const { reserved, connected, released } = await lifecycle("measured");
    const after = await commandCounts(redis);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    // The second INFO is a command too; the script calls themselves are counted apart.
    let inside = -1;
    for (const name of after.keys()) if (name !== "evalsha" && name !== "eval") inside += delta(name);
    expect(delta("evalsha") + delta("eval")).toBe(5);
    // 47 before the agent's calls were read once per transition and a taken session id was
    // refused by SET NX instead of an EXISTS first.
    expect(inside).toBeLessThanOrEqual(42);

    expect(reserved.statusChange).toMatchObject({ status: "ringing", callCount: 1 });
    expect(connected.statusChange).toMatchObject({ status: "on_call", callCount: 1 });
    expect(released.statusChange).toMatchObject({ status: "available", callCount: 0, capacity: { current: 0, max: 1, canTakeCall: true } });
  });
});
