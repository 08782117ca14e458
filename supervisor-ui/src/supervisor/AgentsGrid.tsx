/** Every agent as a tile, with a status filter, a text filter and a sort order. */
import { useState } from "react";
import { AgentStatus, type AgentDayStats } from "@acc/shared-types";
import type { AgentRow } from "../state/dashboard.js";
import { selectAgents, type AgentFilter, type AgentSort } from "../state/agent-filter.js";
import { STATUS_LABELS } from "../components/StatusBadge.js";
import { useNow } from "../components/use-now.js";
import { AgentTile } from "./AgentTile.js";

const SORTS: readonly { value: AgentSort; label: string }[] = [
  { value: "status", label: "Status" },
  { value: "name", label: "Name" },
  { value: "load", label: "Load" },
  { value: "time_in_state", label: "Time in status" },
];

/** `agents`: all agents; `offsetMs`: server clock minus local clock; `today`: each agent's figures of the day by agent id, when the server sends them. */
export function AgentsGrid({ agents, offsetMs, today = {} }: { agents: readonly AgentRow[]; offsetMs: number; today?: Record<string, AgentDayStats> }) {
  const now = useNow(1000);
  const [filter, setFilter] = useState<AgentFilter>({ status: "all", text: "" });
  const [sort, setSort] = useState<AgentSort>("status");
  const shown = selectAgents(agents, filter, sort);
  return (
    <section className="panel agents" aria-label="Agents">
      <div className="panel-head">
        <h2>
          Agents <span className="hint">{shown.length} of {agents.length}</span>
        </h2>
        <div className="filters">
          <label>
            Status{" "}
            <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as AgentFilter["status"] })}>
              <option value="all">All</option>
              {AgentStatus.options.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Find <input type="search" value={filter.text} placeholder="name or ext." onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
          </label>
          <label>
            Sort{" "}
            <select value={sort} onChange={(e) => setSort(e.target.value as AgentSort)}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <ul className="agent-grid">
        {shown.map((agent) => (
          <AgentTile key={agent.agentId} agent={agent} now={now} offsetMs={offsetMs} today={today[agent.agentId]} />
        ))}
      </ul>
      {shown.length === 0 && <p className="empty">No agent matches.</p>}
    </section>
  );
}
