/** Today's per-agent figures against real Redis: a worked example, a stretch begun before midnight, the day boundary. */
import { afterAll, describe, expect, it } from "vitest";
import { createStateStore, readAgentDay, StatsRecorder } from "../../src/state/index.js";
import { testRedis } from "@acc/test-support";

const MIDNIGHT = Date.parse("2026-03-10T00:00:00.000Z");
const H = 60 * 60 * 1000;
const M = 60 * 1000;

describe("agent day figures", () => {
  const t = testRedis();
  const store = createStateStore(t.redis, t.prefix);
  const recorder = new StatsRecorder(t.redis, store.keys);
  afterAll(() => t.cleanup());

  it("adds talk time and calls, and counts time logged in over log-ins and log-outs", async () => {
    // a1: in 09:00, calls of 120 s and 60 s, out 10:00, in again 11:00, still in at 11:30.
    await recorder.recordAgentPresence("a1", true, MIDNIGHT + 9 * H);
    await recorder.recordAgentCall("a1", 120_000, MIDNIGHT + 9 * H + 10 * M);
    await recorder.recordAgentCall("a1", 60_000, MIDNIGHT + 9 * H + 30 * M);
    await recorder.recordAgentPresence("a1", false, MIDNIGHT + 10 * H);
    await recorder.recordAgentPresence("a1", true, MIDNIGHT + 11 * H);
    // a2: logged in since yesterday, out at 08:00. a3: logged in since yesterday, no change today.
    await recorder.recordAgentPresence("a2", true, MIDNIGHT - 2 * H);
    await recorder.recordAgentPresence("a2", false, MIDNIGHT + 8 * H);
    const now = MIDNIGHT + 11 * H + 30 * M;
    const day = await readAgentDay(t.redis, store.keys, [
      { agentId: "a1", loggedInNow: true },
      { agentId: "a2", loggedInNow: false },
      { agentId: "a3", loggedInNow: true },
      { agentId: "a4", loggedInNow: false },
    ], now);
    expect(day.get("a1")).toEqual({ callsHandled: 2, talkMs: 180_000, loggedInMs: 1.5 * H });
    expect(day.get("a2")).toEqual({ callsHandled: 0, talkMs: 0, loggedInMs: 8 * H });
    expect(day.get("a3")).toEqual({ callsHandled: 0, talkMs: 0, loggedInMs: 11.5 * H });
    expect(day.get("a4")).toEqual({ callsHandled: 0, talkMs: 0, loggedInMs: 0 });
    // The next day starts from nothing but the stretch still open.
    const tomorrow = await readAgentDay(t.redis, store.keys, [{ agentId: "a1", loggedInNow: true }], MIDNIGHT + 25 * H);
    expect(tomorrow.get("a1")).toEqual({ callsHandled: 0, talkMs: 0, loggedInMs: 1 * H });
  });
});
