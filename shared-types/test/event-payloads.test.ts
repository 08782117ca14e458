import { describe, expect, it } from "vitest";
import { eventSchemas, parseServerFrame, type ServerEventName, serverEventNames } from "../src/index.js";
import { eventFixtures } from "./support/fixtures.js";

/** Top-level fields the contract marks optional (seed comments and the documented additions). */
const optionalFields: Record<ServerEventName, readonly string[]> = {
  call_incoming: ["callType", "queueNumber", "transferredBy"],
  incoming_queue_call: [],
  call_state_changed: ["transferTarget"],
  call_bridged_successfully: [],
  agent_rejected_call: ["detail"],
  customer_left_bridge: ["bridgeId"],
  call_ended_normally: ["bridgeId", "transferredTo"],
  agent_status_updated: ["pauseReason", "wrapUpUntil"],
  system_state: [],
  system_stats: ["queues", "agents"],
  queue_call_updated: [],
  queue_call_removed: [],
  call_refused: ["agentId"],
};

/** Objects keyed by free names (extension, queue number): their keys are data, not fields. */
const recordFields = new Set(["extensionStates", "queues", "agents"]);

/** Optional fields inside records, with `*` for the free key (documented additions). */
const optionalNestedFields: Partial<Record<ServerEventName, readonly string[]>> = {
  system_state: ["extensionStates.*.statusChangedAt", "extensionStates.*.pauseReason", "extensionStates.*.wrapUpUntil"],
};

/** The path of `keys` with each free record key written as `*`. */
function pathPattern(keys: readonly (string | number)[]): string {
  return keys.map((key, i) => (i > 0 && recordFields.has(String(keys[i - 1])) ? "*" : String(key))).join(".");
}

const fixtures = eventFixtures();

function frame(event: string, data: unknown) {
  return { event, data, id: "1705312200000-0" };
}

function parseEvent(event: string, data: unknown) {
  return parseServerFrame(JSON.stringify(frame(event, data)));
}

function errorMessage(event: string, data: unknown): string {
  const result = parseEvent(event, data);
  if (result.ok) throw new Error(`expected ${event} to be refused: ${JSON.stringify(data)}`);
  expect(result.error.code).toBe("INVALID_MESSAGE");
  return result.error.message;
}

interface FieldCase {
  path: string;
  keys: (string | number)[];
  value: unknown;
  /** False for array items and record entries, which are not named fields. */
  isField: boolean;
}

/** Every field of `data`, nested ones included, with its path in the parser's notation. */
function fieldCases(data: Record<string, unknown>): FieldCase[] {
  const cases: FieldCase[] = [];
  const walk = (value: unknown, keys: (string | number)[], path: string, isField: boolean) => {
    if (keys.length > 0) cases.push({ path, keys, value, isField });
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...keys, i], `${path}[${i}]`, false));
    else if (value !== null && typeof value === "object") {
      const isRecord = recordFields.has(path);
      for (const [key, child] of Object.entries(value)) walk(child, [...keys, key], path === "" ? key : `${path}.${key}`, !isRecord);
    }
  };
  walk(data, [], "", false);
  return cases;
}

function withChange(data: unknown, keys: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void) {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, keys[keys.length - 1]!);
  return copy;
}

/** A value of another JSON type, and the words the parser must use about the field. */
function wrongTypeCase(value: unknown): { replacement: unknown; message: RegExp } {
  if (value === null) return { replacement: 42, message: /must be a string or null; got number$/ };
  if (Array.isArray(value)) return { replacement: "text", message: /must be an array; got string$/ };
  switch (typeof value) {
    case "string":
      // A plain string field names the type (nullable ones say so); an enum or literal lists its values.
      return { replacement: 42, message: /must be (a string( or null)?; got number|one of [^;]+; got 42|[a-z_]+; got 42)$/ };
    case "number":
      return { replacement: "42", message: /must be a number; got string$/ };
    case "boolean":
      return { replacement: "yes", message: /must be (a boolean; got string|true; got "yes")$/ };
    default:
      return { replacement: "text", message: /must be an object; got string$/ };
  }
}

describe("event fixtures", () => {
  it("cover every event, and only canonical names", () => {
    expect(serverEventNames).toEqual([
      "call_incoming",
      "incoming_queue_call",
      "call_state_changed",
      "call_bridged_successfully",
      "agent_rejected_call",
      "customer_left_bridge",
      "call_ended_normally",
      "agent_status_updated",
      "system_state",
      "system_stats",
      "queue_call_updated",
      "queue_call_removed",
      "call_refused",
    ]);
    expect(new Set(fixtures.map((f) => f.event))).toEqual(new Set(serverEventNames));
  });

  it.each(serverEventNames)("of %s use every field of its schema", (event) => {
    const seen = new Set(fixtures.filter((f) => f.event === event).flatMap((f) => Object.keys(f.data)));
    expect([...seen].sort()).toEqual(Object.keys(eventSchemas[event].shape).sort());
  });
});

describe.each(fixtures)("$file", ({ event, data }) => {
  const cases = fieldCases(data);

  it("parses as an event frame, every field kept", () => {
    const result = parseEvent(event, data);
    expect(result).toEqual({ ok: true, value: frame(event, data) });
  });

  it.each(cases.filter((c) => c.isField))("without $path: refused naming the field, unless optional", ({ path, keys }) => {
    const without = withChange(data, keys, (parent, key) => delete parent[key]);
    const optional =
      (keys.length === 1 && optionalFields[event as ServerEventName].includes(path)) ||
      (optionalNestedFields[event as ServerEventName] ?? []).includes(pathPattern(keys));
    if (optional) {
      expect(parseEvent(event, without).ok).toBe(true);
      return;
    }
    expect(errorMessage(event, without)).toMatch(new RegExp(`^Event "${event}" is missing "${escape(path)}" \\([^)]+\\)$`));
  });

  it.each(cases)("with $path of the wrong type: refused saying what it must be", ({ path, keys, value }) => {
    const { replacement, message } = wrongTypeCase(value);
    const changed = withChange(data, keys, (parent, key) => (parent[key] = replacement));
    const text = errorMessage(event, changed);
    expect(text.startsWith(`Event "${event}" field "${path}" must be `)).toBe(true);
    expect(text).toMatch(message);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("event messages", () => {
  const fixture = (file: string) => structuredClone(fixtures.find((f) => f.file === file)!.data);

  it("say which field is missing and what it holds", () => {
    const { sessionId: _, ...data } = fixture("call_incoming.json");
    expect(errorMessage("call_incoming", data)).toBe('Event "call_incoming" is missing "sessionId" (string)');
    const { reason: __, ...left } = fixture("customer_left_bridge.json");
    expect(errorMessage("customer_left_bridge", left)).toBe(
      'Event "customer_left_bridge" is missing "reason" (one of customer_disconnected, network_issue, timeout)',
    );
  });

  it("name the expected type and what came instead", () => {
    expect(errorMessage("call_incoming", { ...fixture("call_incoming.json"), maxCalls: "3" })).toBe(
      'Event "call_incoming" field "maxCalls" must be a number; got string',
    );
    const status = fixture("agent_status_updated.json");
    (status["capacity"] as Record<string, unknown>)["canTakeCall"] = "yes";
    expect(errorMessage("agent_status_updated", status)).toBe(
      'Event "agent_status_updated" field "capacity.canTakeCall" must be a boolean; got string',
    );
    expect(errorMessage("system_state", { ...fixture("system_state.json"), lastEventId: 7 })).toBe(
      'Event "system_state" field "lastEventId" must be a string or null; got number',
    );
  });

  it("list the allowed values of an enum", () => {
    expect(errorMessage("call_incoming", { ...fixture("call_incoming.json"), priority: "urgent" })).toBe(
      'Event "call_incoming" field "priority" must be one of normal, high, low; got "urgent"',
    );
    const state = fixture("system_state.json");
    (state["activeCalls"] as Record<string, unknown>[])[0]!["status"] = "on_hold";
    expect(errorMessage("system_state", state)).toBe(
      'Event "system_state" field "activeCalls[0].status" must be one of ringing, connecting, connected; got "on_hold"',
    );
  });

  it("hold times to UTC ISO 8601 and durations to whole seconds", () => {
    expect(errorMessage("call_incoming", { ...fixture("call_incoming.json"), timestamp: "2024-01-15T10:30:00+03:00" })).toBe(
      'Event "call_incoming" field "timestamp" must be an ISO 8601 UTC time such as 2024-01-15T10:30:00.000Z; got "2024-01-15T10:30:00+03:00"',
    );
    expect(errorMessage("customer_left_bridge", { ...fixture("customer_left_bridge.json"), callDuration: 1.5 })).toBe(
      'Event "customer_left_bridge" field "callDuration" must be an integer; got 1.5',
    );
    expect(errorMessage("customer_left_bridge", { ...fixture("customer_left_bridge.json"), callDuration: -1 })).toBe(
      'Event "customer_left_bridge" field "callDuration" must be at least 0; got -1',
    );
    expect(errorMessage("call_bridged_successfully", { ...fixture("call_bridged_successfully.json"), serverTimestamp: "1705312215000" })).toBe(
      'Event "call_bridged_successfully" field "serverTimestamp" must be a number; got string',
    );
  });

  it("count the problems beyond the first three", () => {
    const { sessionId: _a, channelId: _b, agentId: _c, extension: _d, leftAt: _e, ...data } = fixture("customer_left_bridge.json");
    expect(errorMessage("customer_left_bridge", data)).toBe(
      'Event "customer_left_bridge" is missing "sessionId" (string); Event "customer_left_bridge" is missing "channelId" (string); ' +
        'Event "customer_left_bridge" is missing "agentId" (string); and 2 more problems',
    );
  });
});
