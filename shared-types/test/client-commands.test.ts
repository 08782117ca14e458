import { describe, expect, it } from "vitest";
import {
  type ClientCommand,
  clientCommandTypes,
  commandRoles,
  MAX_CLIENT_FRAME_BYTES,
  parseClientFrame,
} from "../src/index.js";
import { readJson } from "./support/fixtures.js";

const examples = readJson("commands.json") as ClientCommand[];

function refused(raw: unknown) {
  const result = parseClientFrame(raw);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
  return result.error;
}

describe("valid commands", () => {
  it("include an example of every command", () => {
    expect(new Set(examples.map((c) => c.type))).toEqual(new Set(clientCommandTypes));
  });

  it.each(examples.map((c) => [c.type, c] as const))("%s parses from text and from a value", (_, command) => {
    expect(parseClientFrame(JSON.stringify(command))).toEqual({ ok: true, value: command });
    expect(parseClientFrame(command)).toEqual({ ok: true, value: command });
  });

  it("drop unknown keys", () => {
    expect(parseClientFrame('{"type":"ping","id":"p1","extra":1}')).toEqual({ ok: true, value: { type: "ping", id: "p1" } });
  });
});

describe("refused commands", () => {
  it("unknown command: UNKNOWN_COMMAND, listing the known ones, with the id", () => {
    expect(refused('{"type":"dance","id":"d1"}')).toEqual({
      code: "UNKNOWN_COMMAND",
      id: "d1",
      message: `Unknown command "dance"; known commands: ${clientCommandTypes.join(", ")}`,
    });
    expect(refused({ type: "incoming_call_for_agent", id: "d2" }).code).toBe("UNKNOWN_COMMAND");
  });

  it("missing argument names the command, the argument and its type", () => {
    expect(refused('{"type":"answer_call","id":"a1"}')).toEqual({
      code: "INVALID_MESSAGE",
      id: "a1",
      message: 'Command "answer_call" is missing "sessionId" (string)',
    });
    expect(refused({ type: "set_status", id: "s0" }).message).toBe(
      'Command "set_status" is missing "status" (one of available, paused, offline)',
    );
    expect(refused({ type: "replay_events", id: "r1" }).message).toBe('Command "replay_events" is missing "afterId" (string)');
  });

  it("mistyped argument says what it must be and what it was", () => {
    expect(refused('{"type":"set_status","id":"s1","status":"busy"}')).toEqual({
      code: "INVALID_MESSAGE",
      id: "s1",
      message: 'Field "status" of "set_status" must be one of available, paused, offline; got "busy"',
    });
    expect(refused({ type: "answer_call", id: "a2", sessionId: 12 }).message).toBe(
      'Field "sessionId" of "answer_call" must be a string; got number',
    );
    expect(refused({ type: "set_queue_priority", id: "q1", sessionId: "s", priority: 1.5 }).message).toBe(
      'Field "priority" of "set_queue_priority" must be an integer; got 1.5',
    );
    expect(refused({ type: "set_queue_priority", id: "q2", sessionId: "s", priority: "high" }).message).toBe(
      'Field "priority" of "set_queue_priority" must be a number; got string',
    );
    expect(refused({ type: "mute_call", id: "m1", sessionId: "s", direction: "sideways" }).message).toBe(
      'Field "direction" of "mute_call" must be one of in, out, both; got "sideways"',
    );
    expect(refused({ type: "transfer_call", id: "t1", sessionId: "s", target: "1001a" }).message).toBe(
      'Field "target" of "transfer_call" must contain only digits (an extension or a queue number); got "1001a"',
    );
    expect(refused({ type: "answer_call", id: "a3", sessionId: "" }).message).toBe(
      'Field "sessionId" of "answer_call" must not be empty; got ""',
    );
  });

  it("id must be a string of 1 to 100 characters, and is echoed only when it is one", () => {
    expect(refused({ type: "ping" })).toEqual({ code: "INVALID_MESSAGE", message: 'Command "ping" is missing "id" (string)' });
    expect(refused({ type: "ping", id: 5 })).toEqual({ code: "INVALID_MESSAGE", message: 'Field "id" of "ping" must be a string; got number' });
    const long = "x".repeat(101);
    expect(refused({ type: "ping", id: long })).toEqual({
      code: "INVALID_MESSAGE",
      message: `Field "id" of "ping" must be at most 100 characters long; got "${"x".repeat(59)}…" (101 characters)`,
    });
    expect(parseClientFrame({ type: "ping", id: "x".repeat(100) }).ok).toBe(true);
  });

  it("missing or non-string type", () => {
    expect(refused('{"id":"n1"}')).toEqual({
      code: "INVALID_MESSAGE",
      id: "n1",
      message: `Frame is missing "type" (string): the command, one of ${clientCommandTypes.join(", ")}`,
    });
    expect(refused({ type: 3, id: "n2" })).toEqual({
      code: "INVALID_MESSAGE",
      id: "n2",
      message: 'Field "type" must be a string naming a command; got number',
    });
  });

  it("malformed JSON quotes the parser's reason", () => {
    const error = refused('{"type":"ping","id":}');
    expect(error.code).toBe("INVALID_MESSAGE");
    expect(error.id).toBeUndefined();
    expect(error.message).toMatch(/^Frame is not valid JSON: .*Unexpected token/);
  });

  it.each([
    ["[1,2]", "an array"],
    ["null", "null"],
    ['"ping"', "a string"],
    ["42", "a number"],
    ["true", "a boolean"],
  ])("non-object JSON %s is refused", (raw, kind) => {
    expect(refused(raw)).toEqual({ code: "INVALID_MESSAGE", message: `Frame must be a JSON object; got ${kind}` });
  });

  it("a frame over 64 KiB (UTF-8 bytes) is refused before parsing; one at the limit is parsed", () => {
    const envelope = '{"type":"reject_call","id":"big","sessionId":"s","reason":""}';
    const atLimit = envelope.replace('""', `"${"r".repeat(MAX_CLIENT_FRAME_BYTES - envelope.length)}"`);
    expect(atLimit.length).toBe(MAX_CLIENT_FRAME_BYTES);
    // Parsed (the reason is then too long), so the id is known.
    expect(refused(atLimit)).toMatchObject({ code: "INVALID_MESSAGE", id: "big" });

    const overByOne = atLimit.replace('"r', '"rr');
    expect(refused(overByOne)).toEqual({ code: "INVALID_MESSAGE", message: "Frame is 65537 bytes; the limit is 65536 bytes (64 KiB)" });

    // Fewer characters than the limit, but more bytes: "é" is 2 bytes in UTF-8.
    const wide = `{"type":"ping","id":"w","pad":"${"é".repeat(40_000)}"}`;
    expect(wide.length).toBeLessThan(MAX_CLIENT_FRAME_BYTES);
    expect(refused(wide).message).toMatch(/^Frame is 800\d\d bytes; the limit is 65536 bytes \(64 KiB\)$/);
  });
});

describe("commandRoles", () => {
  const allowed = (role: "agent" | "supervisor" | "ops") =>
    clientCommandTypes.filter((type) => commandRoles[type].includes(role)).sort();

  it("agents: their own calls, status and wrap-up, plus ping and replay", () => {
    expect(allowed("agent")).toEqual(
      [
        "ping",
        "replay_events",
        "set_status",
        "answer_call",
        "reject_call",
        "hangup_call",
        "hold_call",
        "unhold_call",
        "mute_call",
        "unmute_call",
        "transfer_call",
        "end_wrap_up",
      ].sort(),
    );
  });

  it("supervisors: queue calls and ending calls, plus ping and replay", () => {
    expect(allowed("supervisor")).toEqual(
      ["ping", "replay_events", "assign_queue_call", "set_queue_priority", "hangup_queue_call", "hangup_call", "transfer_call"].sort(),
    );
  });

  it("ops: only ping and replay", () => {
    expect(allowed("ops")).toEqual(["ping", "replay_events"]);
  });
});
