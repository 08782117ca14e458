/** The short profile `npm test` runs (`chaos/test/chaos.test.ts`): every fault at most once, smaller counts. */
import { type ChaosProfile, fullProfile } from "./run.js";

export const shortProfile: ChaosProfile = {
  ...fullProfile,
  callsPerSecond: 4,
  repeats: 1,
  eventFaultMs: 4000,
  malformedFrames: 2000,
  stallMs: 3000,
  settleMs: 15_000,
};
