/** The demo's logger prints human lines (pino-pretty), in order with the event lines written beside it. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createDemoLogger } from "../../src/demo/demo-logger.js";

function capture(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return { stream, lines: () => text.split("\n").filter((line) => line !== "") };
}

describe("demo logger", () => {
  it("writes one human line per record: time, level, message and fields, no JSON", () => {
    const { stream, lines } = capture();
    const logger = createDemoLogger("info", stream, false);
    logger.info({ state: "up", detail: "Stasis app registered" }, "ARI connection state");
    logger.debug("not at info");
    const [line, ...rest] = lines();
    expect(rest).toEqual([]);
    expect(() => JSON.parse(line!)).toThrow();
    expect(line).toMatch(/^\[?\d{2}:\d{2}:\d{2}\]? INFO: ARI connection state/);
    expect(line).toContain("state");
    expect(line).toContain("Stasis app registered");
    expect(line).not.toContain("hostname");
  });

  it("keeps log lines and lines written directly to the same stream in the order they were written", () => {
    const { stream, lines } = capture();
    const logger = createDemoLogger("info", stream, false);
    for (let i = 0; i < 20; i++) {
      logger.info(`log ${i}`);
      stream.write(`event ${i}\n`);
    }
    const order = lines().map((line) => /(log|event) (\d+)/.exec(line)!.slice(1).join(" "));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => [`log ${i}`, `event ${i}`]).flat());
  });
});
