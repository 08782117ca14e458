import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientCommandTypes, parseClientFrame, parseServerFrame, type ParseResult, serverEventNames } from "../src/index.js";

const codes = new Set(["INVALID_MESSAGE", "UNKNOWN_COMMAND"]);

/** Calls `parse` and checks the result is well formed; a throw fails the property. */
function wellFormed(parse: (raw: unknown) => ParseResult<unknown>, raw: unknown): boolean {
  const result = parse(raw);
  if (result.ok) return typeof result.value === "object" && result.value !== null;
  return codes.has(result.error.code) && result.error.message.length > 0 && (result.error.id === undefined || typeof result.error.id === "string");
}

/** Objects shaped almost like commands: a known or random type, random id and arguments. */
const commandLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...clientCommandTypes), fc.jsonValue()),
    id: fc.oneof(fc.string(), fc.jsonValue()),
    sessionId: fc.jsonValue(),
    status: fc.oneof(fc.constantFrom("available", "paused", "offline", "busy"), fc.jsonValue()),
    direction: fc.jsonValue(),
    priority: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
    target: fc.oneof(fc.stringMatching(/^[0-9]{1,6}$/), fc.string()),
  },
  { requiredKeys: [] },
);

const eventLike = fc.record(
  { event: fc.oneof(fc.constantFrom(...serverEventNames), fc.jsonValue()), data: fc.jsonValue(), id: fc.jsonValue() },
  { requiredKeys: [] },
);

describe("parse functions never throw", () => {
  it("parseClientFrame on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (raw) => wellFormed(parseClientFrame, raw)));
  });

  it("parseClientFrame on arbitrary JSON values, as text and as values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), commandLike), (value) =>
        wellFormed(parseClientFrame, value) && wellFormed(parseClientFrame, JSON.stringify(value)),
      ),
    );
  });

  it("parseClientFrame on arbitrary values that are not JSON", () => {
    fc.assert(fc.property(fc.anything(), (value) => wellFormed(parseClientFrame, value)));
  });

  it("parseServerFrame on arbitrary strings and JSON values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue(), eventLike), (value) =>
        wellFormed(parseServerFrame, value) && wellFormed(parseServerFrame, JSON.stringify(value)),
      ),
    );
  });

  it("a command that parses keeps its type and id", () => {
    fc.assert(
      fc.property(commandLike, (value) => {
        const result = parseClientFrame(value);
        return !result.ok || (result.value.type === value.type && result.value.id === value.id);
      }),
    );
  });
});

describe("error ids", () => {
  it("carry the frame's id whenever it is a valid command id", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), fc.jsonValue(), (id, type) => {
        const result = parseClientFrame({ type, id, sessionId: 7 });
        expect(result.ok).toBe(false);
        return !result.ok && result.error.id === id;
      }),
    );
  });
});
