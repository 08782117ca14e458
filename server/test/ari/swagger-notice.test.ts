/**
 * swagger-client's "deprecated version of Swagger" line, printed by the real ari-client when it
 * loads the simulator's Swagger 1.2 listings, is dropped during a connect; other console output is not.
 */
import { startSimulator, type Simulator } from "@acc/ari-simulator";
import ari from "ari-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isSwaggerDeprecationNotice, withoutSwaggerNotice } from "../../src/ari/swagger-notice.js";

describe("swagger-client's deprecation notice", () => {
  let sim: Simulator;
  const original = console.log;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());
  afterEach(() => {
    console.log = original;
  });

  /** Replaces console.log with a recorder, as the terminal would see it. */
  function recordConsole(): unknown[][] {
    const seen: unknown[][] = [];
    console.log = vi.fn((...args: unknown[]) => void seen.push(args));
    return seen;
  }

  const connect = () => ari.connect(sim.url, "asterisk", "asterisk");

  it("is printed by a bare ari-client connect (what the filter is for)", async () => {
    const seen = recordConsole();
    await connect();
    expect(seen.filter(isSwaggerDeprecationNotice)).toHaveLength(1);
  });

  it("is dropped during a connect, while other lines still print and console.log comes back", async () => {
    const seen = recordConsole();
    const recorder = console.log;
    await withoutSwaggerNotice(async () => {
      const client = await connect();
      console.log("another line");
      return client;
    });
    expect(seen).toEqual([["another line"]]);
    expect(console.log).toBe(recorder);
  });

  it("overlapping connects share the filter and restore console.log once both settle, also on failure", async () => {
    const seen = recordConsole();
    const recorder = console.log;
    const connecting = withoutSwaggerNotice(connect);
    await expect(withoutSwaggerNotice(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(console.log).not.toBe(recorder);
    await connecting;
    expect(console.log).toBe(recorder);
    expect(seen.filter(isSwaggerDeprecationNotice)).toEqual([]);
  });
});
