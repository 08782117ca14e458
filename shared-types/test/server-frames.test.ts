import { describe, expect, it } from "vitest";
import { type ControlFrame, parseServerFrame, type ServerFrame, serverEventNames } from "../src/index.js";
import { readJson } from "./support/fixtures.js";

const controlFrames = readJson("control-frames.json") as ControlFrame[];

function refused(raw: unknown) {
  const result = parseServerFrame(raw);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
  expect(result.error.code).toBe("INVALID_MESSAGE");
  return result.error;
}

describe("control frames", () => {
  it.each(controlFrames.map((f) => [f.type, f] as const))("%s parses", (_, frame) => {
    expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, value: frame });
  });

  it("say which field is wrong", () => {
    expect(refused({ type: "connected", clientId: "c", role: "admin", serverTime: 1, heartbeatInterval: 30000 }).message).toBe(
      'Frame "connected" field "role" must be one of agent, supervisor, ops; got "admin"',
    );
    expect(refused({ type: "ack", id: "c1", success: false })).toEqual({
      code: "INVALID_MESSAGE",
      id: "c1",
      message: 'Frame "ack" field "success" must be true; got false',
    });
    expect(refused({ type: "error", code: "OOPS", error: "x" }).message).toBe(
      'Frame "error" field "code" must be one of INVALID_MESSAGE, UNKNOWN_COMMAND, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, UNAUTHORIZED, INVALID_STATE, UNAVAILABLE, INTERNAL_ERROR; got "OOPS"',
    );
    expect(refused({ type: "pong" }).message).toBe('Frame "pong" is missing "timestamp" (number)');
  });

  it("of unknown type, or with neither event nor type, are refused", () => {
    expect(refused({ type: "hello" }).message).toBe('Unknown frame type "hello"; known types: connected, ack, error, pong, replay_truncated');
    expect(refused({ id: "1" })).toEqual({ code: "INVALID_MESSAGE", id: "1", message: 'Frame has neither "event" nor "type"' });
  });
});

describe("event frame envelope", () => {
  const data = readJson("events/queue_call_removed.json");

  it("narrows data by event name", () => {
    const result = parseServerFrame({ event: "queue_call_removed", data, id: "9-0" });
    if (!result.ok) throw new Error(result.error.message);
    const frame: ServerFrame = result.value;
    if (!("event" in frame) || frame.event !== "queue_call_removed") throw new Error("expected a queue_call_removed event frame");
    // Compiles only because `data` is narrowed to the queue_call_removed payload.
    expect(frame.data.waitedSeconds).toBe(42);
  });

  it("refuses aliases and unknown events, listing the canonical names", () => {
    expect(refused({ event: "incoming_call_for_agent", data: {}, id: "1" })).toEqual({
      code: "INVALID_MESSAGE",
      id: "1",
      message: `Unknown event "incoming_call_for_agent"; known events: ${serverEventNames.join(", ")}`,
    });
    expect(refused({ event: 5, data: {}, id: "1" }).message).toMatch(/^Unknown event of type number; known events: call_incoming, /);
  });

  it("requires an id and an object as data", () => {
    expect(refused({ event: "queue_call_removed", data }).message).toBe('Event frame "queue_call_removed" is missing "id" (string)');
    expect(refused({ event: "queue_call_removed", data: "x", id: "1" }).message).toBe(
      'Event frame "queue_call_removed" field "data" must be an object; got string',
    );
  });

  it("refuses malformed JSON and non-objects", () => {
    expect(refused("{").message).toMatch(/^Frame is not valid JSON: /);
    expect(refused([]).message).toBe("Frame must be a JSON object; got an array");
  });
});
