import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "../src/index.js";

describe("utf8ByteLength", () => {
  it("agrees with Node's UTF-8 encoder on any string, lone surrogates included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => utf8ByteLength(text) === Buffer.byteLength(text, "utf8")));
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd700, max: 0xe000 }).map((c) => String.fromCharCode(c)) }), (text) =>
      utf8ByteLength(text) === Buffer.byteLength(text, "utf8"),
    ));
  });

  it("counts 1, 2, 3 and 4 byte characters", () => {
    expect(utf8ByteLength("a")).toBe(1);
    expect(utf8ByteLength("é")).toBe(2);
    expect(utf8ByteLength("€")).toBe(3);
    expect(utf8ByteLength("😀")).toBe(4);
  });
});
