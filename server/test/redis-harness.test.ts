import { afterAll, describe, expect, it } from "vitest";
import { testRedis } from "@acc/test-support";

describe("test Redis harness", () => {
  const t = testRedis();
  afterAll(() => t.cleanup());

  it("reaches a real Redis and keeps keys under the suite prefix", async () => {
    await t.redis.set(`${t.prefix}probe`, "1");
    expect(await t.redis.get(`${t.prefix}probe`)).toBe("1");
    const [, keys] = await t.redis.scan("0", "MATCH", `${t.prefix}*`, "COUNT", 100);
    expect(keys).toEqual([`${t.prefix}probe`]);
  });
});
