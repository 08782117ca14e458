import { describe, expect, test } from "vitest";
import { compareEventIds, missingIds } from "../src/event-ids.js";

describe("counting the events a screen lost", () => {
  test("stream ids order by milliseconds, then sequence, as numbers", () => {
    expect(compareEventIds("1700000000000-9", "1700000000000-10")).toBe(-1);
    expect(compareEventIds("1700000000001-0", "1700000000000-99")).toBe(1);
    expect(compareEventIds("5-5", "5-5")).toBe(0);
  });

  test("only logged ids after the screen's first and up to its last count, whatever the arrival order", () => {
    const log = ["1-0", "2-0", "3-0", "4-0", "5-0", "6-0"];
    expect(missingIds(log, ["2-0", "3-0", "5-0", "4-0"])).toEqual([]);
    expect(missingIds(log, ["2-0", "5-0"])).toEqual(["3-0", "4-0"]);
    expect(missingIds(log, [])).toEqual([]);
  });
});
