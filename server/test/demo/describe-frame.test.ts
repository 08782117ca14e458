/** The demo's event lines: local time (as its log lines), aligned names, refused commands named as such. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeFrame } from "../../src/demo/describe-frame.js";

describe("describeFrame", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
  });

  it("stamps lines with the local time, not UTC", () => {
    process.env.TZ = "Asia/Tokyo";
    vi.useFakeTimers({ now: Date.parse("2026-01-15T01:02:03.000Z") });
    const line = describeFrame({ type: "error", id: "demo-1", code: "CONFLICT", error: "Call x is no longer waiting (it is ringing)." });
    expect(line).toBe(`10:02:03 ${"command refused".padEnd(26)} CONFLICT: Call x is no longer waiting (it is ringing).`);
  });

  it("prints no line for acks and pongs", () => {
    expect(describeFrame({ type: "ack", id: "demo-2", success: true })).toBeNull();
    expect(describeFrame({ type: "pong", timestamp: 1 })).toBeNull();
  });
});
