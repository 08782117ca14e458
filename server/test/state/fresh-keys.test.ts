import { describe, expect, it } from "vitest";
import { withFreshKeys } from "../../src/state/fresh-keys.js";

const stale = JSON.stringify({ ok: false, code: "STALE_KEYS", message: "changed" });

describe("withFreshKeys", () => {
  it("reruns the attempt while the script answers STALE_KEYS and returns the first settled reply", async () => {
    const replies = [stale, stale, JSON.stringify({ ok: false, code: "NOT_FOUND", message: "No session x." })];
    let attempts = 0;
    const reply = await withFreshKeys(async () => replies[attempts++]!);
    expect(attempts).toBe(3);
    expect(reply).toEqual({ ok: false, code: "NOT_FOUND", message: "No session x." });
  });

  it("gives up with an error after 5 stale answers", async () => {
    let attempts = 0;
    await expect(
      withFreshKeys(async () => {
        attempts += 1;
        return stale;
      }),
    ).rejects.toThrow(/STALE_KEYS after 5 attempts/);
    expect(attempts).toBe(5);
  });
});
