/** Helpers for the tests of every workspace; run from source by vitest, never built or published. */
export { testRedis, type TestRedis } from "./redis.js";
export { openScreen, Screen, startSecondServer, startStack, TEST_ROSTER, TEST_SECRET, waitFor, type SecondServer, type Stack, type WaitOptions } from "./stack.js";
