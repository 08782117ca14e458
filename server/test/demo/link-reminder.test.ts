/** The screen links are printed again every minute, and no more once stopped. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { LINK_REMINDER_INTERVAL_MS, startLinkReminder } from "../../src/demo/link-reminder.js";

describe("link reminder", () => {
  afterEach(() => vi.useRealTimers());

  it("prints the links with a heading every interval until stopped", () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const stop = startLinkReminder(["  Supervisor dashboard: http://127.0.0.1:3000/?token=a"], (text) => written.push(text));
    vi.advanceTimersByTime(LINK_REMINDER_INTERVAL_MS - 1);
    expect(written).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(["Screens (printed again every 60 s):\n  Supervisor dashboard: http://127.0.0.1:3000/?token=a\n"]);
    vi.advanceTimersByTime(LINK_REMINDER_INTERVAL_MS * 2);
    expect(written).toHaveLength(3);
    stop();
    vi.advanceTimersByTime(LINK_REMINDER_INTERVAL_MS * 5);
    expect(written).toHaveLength(3);
  });
});
