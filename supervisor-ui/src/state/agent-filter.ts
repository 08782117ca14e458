/** The agents grid's filter and sort, kept out of the components so they can be tested alone. */
import type { AgentStatus } from "@acc/shared-types";
import type { AgentRow } from "./dashboard.js";

/** Which agents to show: a status, or every status; `text` matches name, id or extension. */
export interface AgentFilter {
  status: AgentStatus | "all";
  text: string;
}

/** Sort orders of the grid. `time_in_state`: longest in their status first. */
export type AgentSort = "name" | "status" | "load" | "time_in_state";

/** Status order for sorting: the agents who can take calls first, offline last. */
const STATUS_ORDER: Record<AgentStatus, number> = {
  available: 0,
  ringing: 1,
  on_call: 2,
  multi_call: 3,
  wrap_up: 4,
  paused: 5,
  offline: 6,
};

/** The rows that pass `filter`, in `sort` order; ties are broken by name. */
export function selectAgents(agents: readonly AgentRow[], filter: AgentFilter, sort: AgentSort): AgentRow[] {
  const text = filter.text.trim().toLowerCase();
  const rows = agents.filter(
    (a) =>
      (filter.status === "all" || a.status === filter.status) &&
      (text === "" || [a.agentName, a.agentId, a.extension].some((f) => f.toLowerCase().includes(text))),
  );
  const byName = (a: AgentRow, b: AgentRow) => a.agentName.localeCompare(b.agentName);
  const order: Record<AgentSort, (a: AgentRow, b: AgentRow) => number> = {
    name: byName,
    status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
    load: (a, b) => b.capacity.current / Math.max(1, b.capacity.max) - a.capacity.current / Math.max(1, a.capacity.max),
    time_in_state: (a, b) => Date.parse(a.statusChangedAt) - Date.parse(b.statusChangedAt),
  };
  return [...rows].sort((a, b) => order[sort](a, b) || byName(a, b));
}

/** The agents a waiting call can be assigned to: those with spare capacity, most room first. */
export function assignableAgents(agents: readonly AgentRow[]): AgentRow[] {
  return agents
    .filter((a) => a.capacity.canTakeCall && a.capacity.current < a.capacity.max)
    .sort((a, b) => b.capacity.max - b.capacity.current - (a.capacity.max - a.capacity.current) || a.agentName.localeCompare(b.agentName));
}
