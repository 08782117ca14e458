import { describe, expect, it } from "vitest";
import { elapsedSeconds, formatDuration, remainingSeconds, skewOffsetMs } from "../src/state/clock.js";

describe("clock", () => {
  const start = "2024-01-15T10:30:00.000Z";
  const startMs = Date.parse(start);

  it("corrects elapsed time by the server's offset", () => {
    // The local clock is 5 s behind the server: offset +5000.
    const offset = skewOffsetMs(startMs + 5000, startMs);
    expect(offset).toBe(5000);
    expect(elapsedSeconds(start, offset, startMs + 7000)).toBe(12);
    expect(elapsedSeconds(start, 0, startMs + 7999)).toBe(7);
  });

  it("never shows negative time, even when the local clock is ahead", () => {
    expect(elapsedSeconds(start, -10_000, startMs + 2000)).toBe(0);
    expect(remainingSeconds(start, 0, startMs + 1)).toBe(0);
  });

  it("counts down to a deadline, rounding up so 0 means the deadline passed", () => {
    expect(remainingSeconds(start, 0, startMs - 19_500)).toBe(20);
    expect(remainingSeconds(start, 1000, startMs - 19_500)).toBe(19);
  });

  it("formats durations as m:ss and h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3600 + 62)).toBe("1:01:02");
  });

  it("treats an unparseable time as zero rather than NaN", () => {
    expect(elapsedSeconds("not a time", 0, 0)).toBe(0);
  });
});
