import { describe, expect, it } from "vitest";
import { canTakeCall, deriveStatus, type AgentStatus, type HeldCallState, type Presence } from "../../src/state/index.js";

describe("deriveStatus", () => {
  const table: [HeldCallState[], Presence, AgentStatus][] = [
    [[], "available", "available"],
    [[], "paused", "paused"],
    [[], "offline", "offline"],
    [["ringing"], "available", "ringing"],
    [["connecting"], "available", "ringing"],
    [["ringing", "connecting"], "paused", "ringing"],
    [["connected"], "available", "on_call"],
    [["connected"], "offline", "on_call"],
    [["connected", "ringing"], "available", "multi_call"],
    [["connected", "connected", "connecting"], "paused", "multi_call"],
  ];
  it.each(table)("calls %j with presence %s → %s", (calls, presence, status) => {
    expect(deriveStatus(calls, presence)).toBe(status);
  });
});

describe("canTakeCall", () => {
  const table: [number, number, Presence, boolean][] = [
    [0, 1, "available", true],
    [2, 3, "available", true],
    [3, 3, "available", false],
    [4, 3, "available", false],
    [0, 3, "paused", false],
    [0, 3, "offline", false],
  ];
  it.each(table)("%i of %i calls, presence %s → %s", (held, max, presence, expected) => {
    expect(canTakeCall(held, max, presence)).toBe(expected);
  });
});
