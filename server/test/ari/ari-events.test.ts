import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARI_EVENT_TYPES, parseAriEvent } from "../../src/ari/index.js";

// One frame of each consumed type (and two it ignores), copied unchanged from the traffic of a
// real Asterisk 20.20.1 (shared ari-recordings/events.jsonl).
const recorded: Array<Record<string, unknown>> = readFileSync(
  new URL("./recorded-events.jsonl", import.meta.url),
  "utf8",
)
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("parseAriEvent", () => {
  it("accepts every recorded event of a consumed type and keeps unknown fields", () => {
    const consumed = recorded.filter((raw) => (ARI_EVENT_TYPES as readonly unknown[]).includes(raw.type));
    expect(new Set(consumed.map((raw) => raw.type))).toEqual(new Set(ARI_EVENT_TYPES));
    for (const raw of consumed) {
      const parsed = parseAriEvent(raw);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) expect(parsed.event).toEqual(raw);
    }
  });

  it("types the fields the call flow reads", () => {
    const start = parseAriEvent(recorded.find((raw) => raw.type === "StasisStart"));
    expect(start.ok && start.event.type === "StasisStart" && start.event.args).toEqual(["inbound"]);
    const destroyed = parseAriEvent(recorded.find((raw) => raw.type === "ChannelDestroyed"));
    expect(destroyed.ok && destroyed.event.type === "ChannelDestroyed" && typeof destroyed.event.cause).toBe("number");
    const remoteHangup = recorded.find((raw) => raw.type === "ChannelHangupRequest" && !("soft" in raw));
    const hangup = parseAriEvent(remoteHangup);
    expect(hangup.ok && hangup.event.type === "ChannelHangupRequest" && hangup.event.soft).toBeUndefined();
  });

  it("rejects event types the server does not consume, without throwing", () => {
    for (const type of ["ChannelVarset", "ChannelDialplan"]) {
      const parsed = parseAriEvent(recorded.find((raw) => raw.type === type));
      expect(parsed.ok).toBe(false);
    }
  });

  it("rejects a consumed event with a missing or mistyped field, naming the field", () => {
    const start = recorded.find((raw) => raw.type === "StasisStart")!;
    const { channel: _channel, ...withoutChannel } = start;
    const missing = parseAriEvent(withoutChannel);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toContain("channel");
    const mistyped = parseAriEvent({ ...start, args: "inbound" });
    expect(mistyped.ok).toBe(false);
    if (!mistyped.ok) expect(mistyped.reason).toContain("args");
    expect(parseAriEvent(null).ok).toBe(false);
  });
});
