import { afterAll, describe, expect, it } from "vitest";
import { createKeys, DEFAULT_KEY_PREFIX } from "../../src/state/index.js";
import { loadLua } from "../../src/state/scripts.js";
import { testRedis } from "@acc/test-support";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const luaFiles = readdirSync(fileURLToPath(new URL("../../src/state/lua/", import.meta.url))).filter((f) => f.endsWith(".lua"));

describe("Lua loader", () => {
  const t = testRedis();
  afterAll(() => t.cleanup());

  it("finds every script", () => {
    expect(luaFiles).toHaveLength(19);
  });

  it.each(luaFiles)("%s inlines its includes once and compiles in Redis", async (file) => {
    const lua = loadLua(file);
    expect(lua).not.toMatch(/--@include/);
    for (const name of ["deriveStatus", "hashToTable", "ok"]) {
      const definitions = lua.match(new RegExp(`local function ${name}\\(`, "g")) ?? [];
      expect(definitions.length).toBeLessThanOrEqual(1);
    }
    // SCRIPT LOAD compiles without running: a syntax error or a missing include fails here.
    const sha = await t.redis.script("LOAD", lua);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("createKeys", () => {
  it("builds every key under the prefix, acc: by default", () => {
    const keys = createKeys();
    expect(DEFAULT_KEY_PREFIX).toBe("acc:");
    expect([
      keys.agents(),
      keys.agent("a1"),
      keys.agentCalls("a1"),
      keys.agentLines("a1"),
      keys.extension("1001"),
      keys.session("s1"),
      keys.sessions(),
      keys.channel("1705312200.1"),
      keys.ringDeadlines(),
      keys.eventLog(),
      keys.statsCounters("2024-01-15"),
    ]).toEqual([
      "acc:agents",
      "acc:agent:a1",
      "acc:agent:a1:calls",
      "acc:agent:a1:lines",
      "acc:extension:1001",
      "acc:session:s1",
      "acc:sessions",
      "acc:channel:1705312200.1",
      "acc:ring-deadlines",
      "acc:events",
      "acc:stats:2024-01-15",
    ]);
    expect(createKeys("x:").agent("a1")).toBe("x:agent:a1");
  });
});
