import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import type { Simulator } from "../src/index.js";
import { type EventStream, type ReceivedEvent, request } from "./support/ari-http.js";
import { closeSimulatorWithStream, openSimulatorWithStream } from "./support/simulator.js";

/**
 * Replays every scenario recorded from a real Asterisk 20.20.1 (`fixtures/ari-recordings/`, see
 * `fixtures/README.md`) against the simulator: the same REST calls in the same order, with
 * recorded channel and bridge ids translated to the simulator's. It asserts
 * - the same REST statuses and bodies (timestamps and ids aside),
 * - for every channel and bridge, the same events in the same order with the same content,
 * - that every event the recording received before a REST response is received before that
 *   response from the simulator too.
 * The interleaving of events of different channels inside one burst is not asserted: it varies
 * between runs of Asterisk itself (s3 and s4 order `Wait` and `Dial RINGING` differently).
 */

/** Part of the repository: a missing file makes the suite fail, never skip. */
const recordingsFile = new URL("./fixtures/ari-recordings/annotated.jsonl", import.meta.url);

interface RestLine {
  kind: "rest";
  method: string;
  path: string;
  status: number;
  body: unknown;
}
interface EventLine {
  kind: "event";
  event: ReceivedEvent;
}
type Line = (RestLine | EventLine) & { scenario: string };

type Json = Record<string, unknown>;

function loadScenarios(): Map<string, Line[]> {
  const scenarios = new Map<string, Line[]>();
  for (const text of readFileSync(recordingsFile, "utf8").split("\n")) {
    if (text.trim() === "") continue;
    const line = JSON.parse(text) as Line;
    const lines = scenarios.get(line.scenario) ?? [];
    lines.push(line);
    scenarios.set(line.scenario, lines);
  }
  return scenarios;
}

/** `Local/1001@agents-00000002;1` → `Local/1001@agents-N;1`: the counter differs between runs. */
function normaliseName(name: string): string {
  return name.replace(/-[0-9a-f]{8}(;[12])?$/, "-N$1");
}

/** Ids ↔ names of the channels and bridges seen on one side (recording or simulator). */
class Names {
  private readonly byId = new Map<string, string>();

  learn(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.learn(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Json;
    if (typeof record.id === "string" && typeof record.name === "string") {
      // Bridges are named by the test's own `name`; channels by their normalised channel name.
      this.byId.set(record.id, "bridge_type" in record ? `bridge:${record.name}` : normaliseName(record.name));
    }
    for (const nested of Object.values(record)) this.learn(nested);
  }

  name(id: string): string {
    return this.byId.get(id) ?? `unknown:${id}`;
  }

  idOf(name: string): string | undefined {
    for (const [id, known] of this.byId) if (known === name) return id;
    return undefined;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** An ARI object with ids replaced by names and times left out, for comparison. */
function canonical(value: unknown, names: Names): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item, names));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Json;
  const result: Json = {};
  for (const [key, field] of Object.entries(record)) {
    if (["timestamp", "creationtime", "asterisk_id", "application"].includes(key)) continue;
    if (key === "id") result.id = names.name(String(field));
    else if (key === "name" && "state" in record) result.name = normaliseName(String(field));
    else if (key === "channels" && Array.isArray(field)) result.channels = field.map((id) => names.name(String(id)));
    else if (key === "value" && record.variable === "BRIDGEPEER") result.value = String(field).split(",").map(normaliseName).join(",");
    else result[key] = canonical(field, names);
  }
  return result;
}

/** The channel or bridge an event is about: its ordering group. */
function subjectOf(event: ReceivedEvent, names: Names): string {
  const subject = (event.channel ?? event.peer ?? event.bridge) as Json | undefined;
  return subject ? names.name(String(subject.id)) : event.type;
}

/** Ids named in a REST path (path segments and query values). */
function idsInPath(path: string, names: Names): string[] {
  return names.ids().filter((id) => new RegExp(`(^|[/=,])${escape(id)}($|[/?&,])`).test(path));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("replay of the recorded Asterisk 20.20.1 scenarios", () => {
  let sim: Simulator | undefined;
  let stream: EventStream | undefined;

  afterEach(async () => {
    await closeSimulatorWithStream({ sim, stream });
    stream = undefined;
    sim = undefined;
  });

  const scenarios = loadScenarios();

  test("the recordings hold the six scenarios", () => {
    expect([...scenarios.keys()]).toHaveLength(6);
  });

  for (const [scenario, lines] of scenarios) {
    test(scenario, async () => {
      ({ sim, stream } = await openSimulatorWithStream());
      const recorded = new Names();
      for (const line of lines) recorded.learn(line.kind === "rest" ? line.body : line.event);
      const simulated = new Names();
      const learnEvents = () => stream!.events.forEach((event) => simulated.learn(event));
      /** For each REST call, how many events had arrived when its answer did. */
      const eventsAtAnswer: number[] = [];

      const restLines = lines.filter((line): line is Line & RestLine => line.kind === "rest");
      for (const [index, rest] of restLines.entries()) {
        const position = lines.indexOf(rest);
        const before = lines.slice(0, position);
        // Wait for what the recording received before this call, except, from the first event
        // since the previous call that is about an object this call names, the events that may
        // be this call's own effects (the recorder sent calls without waiting for events).
        const named = new Set(idsInPath(rest.path, recorded).map((id) => recorded.name(id)));
        const previousRest = before.map((line) => line.kind).lastIndexOf("rest");
        const sincePrevious = before.slice(previousRest + 1) as EventLine[];
        const firstOwn = sincePrevious.findIndex((line) =>
          [line.event.channel, line.event.peer, line.event.bridge]
            .filter((subject): subject is Json => typeof subject === "object" && subject !== null)
            .some((subject) => named.has(recorded.name(String(subject.id)))),
        );
        const expected =
          before.filter((line) => line.kind === "event").length - (firstOwn === -1 ? 0 : sincePrevious.length - firstOwn);
        // ... and until the simulator has shown every channel and bridge the call names.
        const translatable = () => {
          learnEvents();
          return idsInPath(rest.path, recorded)
            .filter((id) => !new RegExp(`[?&](channelId|otherChannelId)=${escape(id)}($|&)`).test(rest.path))
            .every((id) => simulated.idOf(recorded.name(id)) !== undefined);
        };
        await stream.until(
          () => stream!.events.length >= expected && translatable(),
          `${expected} events and the channels named by ${rest.method} ${rest.path}`,
        );

        let path = rest.path;
        for (const id of idsInPath(path, recorded)) {
          const simulatedId = simulated.idOf(recorded.name(id)) ?? id;
          path = path.replace(new RegExp(`(^|[/=,])${escape(id)}($|[/?&,])`), `$1${simulatedId}$2`);
        }
        // The recording's ring timeout of 4 s is shortened to keep the suite fast; the sequence is the same.
        path = path.replace(/([?&]timeout=)4(&|$)/, "$11$2");
        const answer = await request(sim.url, rest.method, `/ari${path}`);
        eventsAtAnswer[index] = stream.events.length;
        learnEvents();
        simulated.learn(answer.body);
        expect(answer.status, `${rest.method} ${rest.path}`).toBe(rest.status);
        expect(canonical(answer.body, simulated), `${rest.method} ${rest.path}`).toEqual(canonical(rest.body, recorded));
      }
      const recordedEvents = lines.filter((line): line is Line & EventLine => line.kind === "event").map((line) => line.event);
      await stream.until(() => stream!.events.length >= recordedEvents.length, `all ${recordedEvents.length} events`);
      learnEvents();

      // Same events, in the same order, for every channel and bridge.
      const groups = (events: ReceivedEvent[], names: Names) => {
        const grouped = new Map<string, unknown[]>();
        for (const event of events) {
          const key = subjectOf(event, names);
          grouped.set(key, [...(grouped.get(key) ?? []), canonical(event, names)]);
        }
        return Object.fromEntries(grouped);
      };
      const simulatedEvents = stream.events;
      expect(groups(simulatedEvents, simulated)).toEqual(groups(recordedEvents, recorded));
      expect(simulatedEvents.every((event) => event.application === "contact-center")).toBe(true);

      // Every event received before a REST response in the recording precedes it here too.
      const identity = (events: ReceivedEvent[], names: Names) => {
        const counts = new Map<string, number>();
        return events.map((event) => {
          const subject = subjectOf(event, names);
          const n = (counts.get(subject) ?? 0) + 1;
          counts.set(subject, n);
          return `${subject}#${n}`;
        });
      };
      const recordedIdentities = identity(recordedEvents, recorded);
      const simulatedIdentities = identity(simulatedEvents, simulated);
      const simulatedPosition = new Map(simulatedIdentities.map((key, position) => [key, position]));
      let recordedEventIndex = 0;
      let restIndex = 0;
      const recordedBefore: string[] = [];
      for (const line of lines) {
        if (line.kind === "event") {
          recordedBefore.push(recordedIdentities[recordedEventIndex++]!);
          continue;
        }
        const answeredAfter = eventsAtAnswer[restIndex] ?? 0;
        const late = recordedBefore.filter((key) => (simulatedPosition.get(key) ?? Infinity) >= answeredAfter);
        expect(late, `events that must precede the answer to ${line.method} ${line.path}`).toEqual([]);
        restIndex++;
      }
    });
  }
});
