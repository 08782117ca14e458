import { describe, expect, it } from "vitest";
import { assignableAgents, selectAgents } from "../src/state/agent-filter.js";
import type { AgentRow } from "../src/state/dashboard.js";

function row(agentId: string, agentName: string, status: AgentRow["status"], current: number, max: number, since: string): AgentRow {
  return { agentId, extension: agentId.slice(-4), agentName, status, statusChangedAt: since, capacity: { current, max, canTakeCall: status !== "paused" && status !== "offline" && current < max }, calls: [] };
}

const agents = [
  row("agent-1001", "John Doe", "on_call", 1, 3, "2024-01-15T10:00:00.000Z"),
  row("agent-1002", "Jane Smith", "available", 0, 3, "2024-01-15T10:05:00.000Z"),
  row("agent-1003", "Amina Otieno", "paused", 0, 1, "2024-01-15T09:00:00.000Z"),
  row("agent-1004", "Ben Kip", "multi_call", 2, 2, "2024-01-15T10:10:00.000Z"),
];

describe("agents grid filter and sort", () => {
  it("filters by status and by name, id or extension", () => {
    expect(selectAgents(agents, { status: "paused", text: "" }, "name").map((a) => a.agentId)).toEqual(["agent-1003"]);
    expect(selectAgents(agents, { status: "all", text: "smi" }, "name").map((a) => a.agentId)).toEqual(["agent-1002"]);
    expect(selectAgents(agents, { status: "all", text: "1004" }, "name").map((a) => a.agentId)).toEqual(["agent-1004"]);
  });

  it("sorts by status, load and time in status", () => {
    const ids = (sort: Parameters<typeof selectAgents>[2]) => selectAgents(agents, { status: "all", text: "" }, sort).map((a) => a.agentName);
    expect(ids("status")).toEqual(["Jane Smith", "John Doe", "Ben Kip", "Amina Otieno"]);
    expect(ids("load")).toEqual(["Ben Kip", "John Doe", "Amina Otieno", "Jane Smith"]);
    expect(ids("time_in_state")).toEqual(["Amina Otieno", "John Doe", "Jane Smith", "Ben Kip"]);
    expect(ids("name")).toEqual(["Amina Otieno", "Ben Kip", "Jane Smith", "John Doe"]);
  });

  it("offers only agents with spare capacity for an assignment, most room first", () => {
    expect(assignableAgents(agents).map((a) => a.agentId)).toEqual(["agent-1002", "agent-1001"]);
  });
});
