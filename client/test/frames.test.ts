import { describe, expect, it } from "vitest";
import { backoffDelay } from "../src/backoff.js";
import { compareEventIds, newerEventId } from "../src/event-id.js";
import { intakeFrame } from "../src/frame-intake.js";
import { frame, statusUpdated, systemState } from "../../supervisor-ui/test/support/frames.js";

describe("frame intake", () => {
  it("skips an invalid frame with the validator's message and keeps the last id", () => {
    const bad = JSON.stringify({ event: "call_incoming", data: { maxCalls: "3" }, id: "5-0" });
    const intake = intakeFrame(bad, "4-0");
    expect(intake.kind).toBe("invalid");
    expect(intake.lastEventId).toBe("4-0");
    expect(intake.kind === "invalid" && intake.message).toMatch(/call_incoming/);
    expect(intakeFrame("{not json", null).kind).toBe("invalid");
  });

  it("takes a new event and advances the last id", () => {
    const f = { ...frame("agent_status_updated", statusUpdated()), id: "1700000000001-0" };
    const intake = intakeFrame(JSON.stringify(f), "1700000000000-5");
    expect(intake).toMatchObject({ kind: "frame", lastEventId: "1700000000001-0" });
  });

  it("drops an event already seen, as a replay after reconnect may resend it", () => {
    const f = { ...frame("agent_status_updated", statusUpdated()), id: "1700000000000-5" };
    expect(intakeFrame(JSON.stringify(f), "1700000000000-5").kind).toBe("duplicate");
  });

  it("always takes system_state, whatever its id", () => {
    const f = { ...frame("system_state", systemState()), id: "1-0" };
    expect(intakeFrame(JSON.stringify(f), "9-0")).toMatchObject({ kind: "frame", lastEventId: "9-0" });
  });

  it("does not let system_state move the last id, so the replay after it is taken", () => {
    const state = { ...frame("system_state", systemState()), id: "1700000000009-0" };
    expect(intakeFrame(JSON.stringify(state), "1700000000001-0")).toMatchObject({ kind: "frame", lastEventId: "1700000000001-0" });
    const missed = { ...frame("agent_status_updated", statusUpdated()), id: "1700000000005-0" };
    expect(intakeFrame(JSON.stringify(missed), "1700000000001-0")).toMatchObject({ kind: "frame", lastEventId: "1700000000005-0" });
  });

  it("passes control frames through", () => {
    expect(intakeFrame(JSON.stringify({ type: "ack", id: "c1", success: true }), null).kind).toBe("frame");
  });
});

describe("event ids", () => {
  it("compare numerically by time, then sequence", () => {
    expect(compareEventIds("9-0", "10-0")).toBeLessThan(0);
    expect(compareEventIds("10-2", "10-10")).toBeLessThan(0);
    expect(newerEventId(null, "1-0")).toBe("1-0");
    expect(newerEventId("2-0", "1-9")).toBe("2-0");
  });
});

describe("backoff", () => {
  it("doubles up to the cap, with jitter between half and all of it", () => {
    expect(backoffDelay(0, { baseMs: 500, maxMs: 15_000 }, () => 0)).toBe(250);
    expect(backoffDelay(3, { baseMs: 500, maxMs: 15_000 }, () => 0.999)).toBeCloseTo(4000, -1);
    expect(backoffDelay(20, { baseMs: 500, maxMs: 15_000 }, () => 0.999)).toBeLessThanOrEqual(15_000);
    expect(backoffDelay(20, { baseMs: 500, maxMs: 15_000 }, () => 0)).toBe(7500);
  });
});
