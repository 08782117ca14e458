import { expect, test } from "vitest";
import { shortProfile } from "../src/profiles.js";
import { runChaos } from "../src/run.js";
import { formatReport } from "../src/table.js";

/**
 * The short chaos run: the server as a child process, each fault of the profile once, then the
 * counts that must be 0 (see chaos/README.md for what each fault does and how they are counted).
 */
test("the server survives the short chaos run with nothing leaked, exceeded, lost or crashed", async () => {
  const report = await runChaos(shortProfile);
  const table = formatReport(report);
  console.log(table);
  expect(report.faults.filter((line) => line.error).map((line) => `${line.fault}: ${line.error}`), table).toEqual([]);
  expect(report.faults.every((line) => line.injected > 0), table).toBe(true);
  expect(report.leakedCapacity, table).toBe(0);
  expect(report.agentsAboveMaxCalls, table).toBe(0);
  expect(report.eventsLost, table).toBe(0);
  expect(report.eventsLostConnected, table).toBe(0);
  expect(report.crashes, table).toBe(0);
});
