import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "node:net";
import { eventIds, startHarness, statusUpdate, type Harness, type TestClient } from "./harness.js";

const maxBufferedBytes = 64 * 1024;
/** Bounds the test: kernel socket buffers on loopback hold a few MiB before ws starts buffering. */
const maxEvents = 2000;

async function open(h: Harness, agentId: string): Promise<TestClient> {
  const client = await h.connect(await h.token("agent", agentId));
  expect(await client.next()).toMatchObject({ type: "connected" });
  expect(await client.next()).toMatchObject({ event: "system_state" });
  return client;
}

describe("slow consumers", () => {
  let h: Harness;
  beforeAll(async () => {
    // The fast client syncs after every event, far more often than a screen would send commands.
    h = await startHarness({ maxBufferedBytes, maxLength: 100, rateLimit: { ratePerSecond: 1e6, burst: 1e6 }, identityRateLimit: { ratePerSecond: 1e6, burst: 1e6 } });
  });
  afterAll(() => h.close());

  it("drops a client that stops reading once over the bound, with 1013, while another keeps every event", async () => {
    const slow = await open(h, "5001");
    const fast = await open(h, "5001");
    // Stop reading at the TCP level: the server's send buffer for this client fills up.
    (slow.ws as unknown as { _socket: Socket })._socket.pause();

    const bigName = "x".repeat(32 * 1024);
    const published: string[] = [];
    const received: string[] = [];
    while (h.hub.size === 2 && published.length < maxEvents) {
      published.push(await h.publisher.publish("agent_status_updated", statusUpdate("5001", bigName), { agentIds: ["5001"] }));
      // Keep the fast client drained so only the slow one backs up.
      received.push(...eventIds(await fast.sync()));
    }
    expect(h.hub.size).toBe(1);
    const more = await h.publisher.publish("agent_status_updated", statusUpdate("5001"), { agentIds: ["5001"] });
    received.push(...eventIds(await fast.sync()));
    expect(received).toEqual([...published, more]);

    const warning = h.logs.find((line) => line.msg === "dropping slow WebSocket client");
    expect(warning).toMatchObject({ level: 40, agentId: "5001", maxBufferedBytes });
    expect(warning!.bufferedBytes as number).toBeGreaterThan(maxBufferedBytes);

    // Once it reads again it gets what was already sent, then the close frame.
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/^slow consumer/);
  });
});
