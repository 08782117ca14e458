/** The pure queue rules: configuration file, agent selection by strategy, wait estimate. */
import { describe, expect, it } from "vitest";
import { pickAgent } from "../../src/queues/agent-selection.js";
import { defaultQueueConfig, parseQueuesFile, queueConfigSchema, QueueDirectory } from "../../src/queues/queue-config.js";
import { estimateWaitSeconds, queueCapacity } from "../../src/queues/wait-estimate.js";
import type { AgentRecord } from "../../src/state/index.js";

function agent(
  agentId: string,
  current: number,
  max: number,
  statusChangedAt: string,
  presence: AgentRecord["presence"] = "available",
  handled: { lastCallEndedAt: number | null; callsHandled: number } = { lastCallEndedAt: null, callsHandled: 0 },
): AgentRecord {
  const canTakeCall = presence === "available" && current < max;
  return {
    agentId,
    extension: agentId.replace(/\D/g, ""),
    agentName: agentId,
    maxCalls: max,
    presence,
    pauseReason: null,
    wrapUpUntil: null,
    status: current > 0 ? "on_call" : presence,
    previousStatus: null,
    statusChangedAt,
    lastUpdate: statusChangedAt,
    ...handled,
    calls: [],
    capacity: { current, max, canTakeCall },
  };
}

describe("queue configuration file", () => {
  it("fills in defaults and keeps what is given", () => {
    const [queue] = parseQueuesFile("q.json", JSON.stringify([{ queueNumber: "5000", name: "Sales", strategy: "round-robin" }]));
    expect(queue).toEqual({
      queueNumber: "5000",
      name: "Sales",
      members: [],
      strategy: "round-robin",
      ringTimeoutS: 20,
      wrapUpS: 0,
      serviceLevelS: 20,
      maxWaitS: 0,
      overflow: { action: "hangup" },
    });
  });

  it("refuses duplicates, an overflow into itself, a bad strategy and bad JSON with the file named", () => {
    const twice = JSON.stringify([{ queueNumber: "5000", name: "A" }, { queueNumber: "5000", name: "B" }]);
    expect(() => parseQueuesFile("q.json", twice)).toThrow(/QUEUES_FILE q.json: .*duplicate queueNumber 5000/);
    const loop = JSON.stringify([{ queueNumber: "5000", name: "A", overflow: { action: "queue", queueNumber: "5000" } }]);
    expect(() => parseQueuesFile("q.json", loop)).toThrow(/overflows into itself/);
    expect(() => parseQueuesFile("q.json", JSON.stringify([{ queueNumber: "5000", name: "A", strategy: "random" }]))).toThrow(/QUEUES_FILE q.json: entry 0.strategy/);
    expect(() => parseQueuesFile("q.json", "[")).toThrow(/QUEUES_FILE q.json is not valid JSON/);
  });

  it("gives unconfigured queue numbers the defaults: manual, every agent a member", () => {
    const directory = new QueueDirectory([]);
    expect(directory.get("9000")).toEqual(defaultQueueConfig("9000"));
    expect(directory.get("9000").strategy).toBe("manual");
    expect(QueueDirectory.isMember(directory.get("9000"), "anyone")).toBe(true);
    expect(directory.has("9000")).toBe(false);
  });

  it("ships an example file that parses", async () => {
    const { readQueuesFile } = await import("../../src/queues/queue-config.js");
    const queues = await readQueuesFile(new URL("../../queues.example.json", import.meta.url).pathname);
    expect(queues.map((q) => q.queueNumber)).toEqual(["8000", "8001"]);
  });
});

describe("agent selection", () => {
  const queue = (strategy: string, members: string[] = []) => queueConfigSchema.parse({ queueNumber: "5000", name: "Q", strategy, members });
  const a = agent("a1", 0, 2, "2024-01-15T10:05:00.000Z");
  const b = agent("a2", 0, 2, "2024-01-15T10:01:00.000Z");
  const c = agent("a3", 1, 2, "2024-01-15T10:00:00.000Z");

  it("longest-idle: the agent without calls idle longest, before agents on calls", () => {
    expect(pickAgent(queue("longest-idle"), [a, b, c], null)?.agentId).toBe("a2");
    expect(pickAgent(queue("longest-idle"), [a, c], null)?.agentId).toBe("a1");
  });

  it("fewest-calls: fewest calls held, ties by time in status", () => {
    const busy = agent("a1", 1, 3, "2024-01-15T09:00:00.000Z");
    const idle = agent("a2", 0, 3, "2024-01-15T10:30:00.000Z");
    expect(pickAgent(queue("fewest-calls"), [busy, idle], null)?.agentId).toBe("a2");
    expect(pickAgent(queue("fewest-calls"), [a, b], null)?.agentId).toBe("a2");
  });

  it("longest-idle and fewest-calls differ: the last call's end against the number of calls handled", () => {
    const at = (iso: string) => Date.parse(iso);
    // x ended its last call long ago but has handled many; y handled one, just now.
    const x = agent("x", 0, 1, "2024-01-15T10:20:00.000Z", "available", { lastCallEndedAt: at("2024-01-15T09:00:00.000Z"), callsHandled: 12 });
    const y = agent("y", 0, 1, "2024-01-15T10:00:00.000Z", "available", { lastCallEndedAt: at("2024-01-15T10:29:00.000Z"), callsHandled: 1 });
    const fresh = agent("z", 0, 1, "2024-01-15T10:25:00.000Z");
    expect(pickAgent(queue("longest-idle"), [x, y], null)?.agentId).toBe("x");
    expect(pickAgent(queue("fewest-calls"), [x, y], null)?.agentId).toBe("y");
    // An agent who has handled no call yet is idle longest and has handled fewest.
    expect(pickAgent(queue("longest-idle"), [x, y, fresh], null)?.agentId).toBe("z");
    expect(pickAgent(queue("fewest-calls"), [x, y, fresh], null)?.agentId).toBe("z");
  });

  it("round-robin: the next member after the last one offered, wrapping around, skipping those who cannot take a call", () => {
    const q = queue("round-robin", ["a1", "a2", "a3"]);
    expect(pickAgent(q, [a, b, c], null)?.agentId).toBe("a1");
    expect(pickAgent(q, [a, b, c], "a1")?.agentId).toBe("a2");
    expect(pickAgent(q, [a, b, c], "a3")?.agentId).toBe("a1");
    expect(pickAgent(q, [a, c], "a1")?.agentId).toBe("a3");
  });

  it("manual picks nobody, and nobody can be picked from no candidates", () => {
    expect(pickAgent(queue("manual"), [a, b], null)).toBeNull();
    expect(pickAgent(queue("longest-idle"), [], null)).toBeNull();
  });
});

describe("estimated wait", () => {
  it("matches the worked example: position 5, one free slot, serving capacity 2, AHT 180 s → 360 s", () => {
    // Members: x available holding 1 of 1 (no free slot), y available holding 0 of 1 (one free
    // slot), z paused (serves nobody). free = 1, serving = 1 + 1 = 2.
    // ceil((5 − 1) / 2) × 180 = 2 × 180 = 360 s.
    const members = [agent("x", 1, 1, "2024-01-15T10:00:00.000Z"), agent("y", 0, 1, "2024-01-15T10:00:00.000Z"), agent("z", 0, 2, "2024-01-15T10:00:00.000Z", "paused")];
    const capacity = queueCapacity(defaultQueueConfig("5000"), members);
    expect(capacity).toEqual({ freeSlots: 1, servingSlots: 2 });
    expect(estimateWaitSeconds(5, capacity, 180)).toBe(360);
    expect(estimateWaitSeconds(1, capacity, 180)).toBe(0);
    expect(estimateWaitSeconds(2, capacity, 180)).toBe(180);
  });

  it("counts only the queue's members, and waits one AHT per call ahead when nobody serves", () => {
    const q = queueConfigSchema.parse({ queueNumber: "5000", name: "Q", members: ["y"] });
    const members = [agent("x", 0, 3, "2024-01-15T10:00:00.000Z"), agent("y", 0, 1, "2024-01-15T10:00:00.000Z", "offline")];
    const capacity = queueCapacity(q, members);
    expect(capacity).toEqual({ freeSlots: 0, servingSlots: 0 });
    expect(estimateWaitSeconds(3, capacity, 100)).toBe(300);
  });
});
