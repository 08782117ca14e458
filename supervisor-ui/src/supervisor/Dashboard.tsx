/** The supervisor dashboard: agents grid, queue panel, statistics and charts. */
import { useMemo } from "react";
import { queueRows } from "../state/dashboard.js";
import { AppHeader } from "../components/AppHeader.js";
import { StatsCards } from "../components/StatsCards.js";
import { StatsCharts } from "../components/StatsCharts.js";
import { TokenRejected } from "../components/TokenRejected.js";
import { AgentsGrid } from "./AgentsGrid.js";
import { QueuePanel } from "./QueuePanel.js";
import { RefusedCalls } from "./RefusedCalls.js";
import { useDashboard } from "../components/use-dashboard.js";

/** The dashboard for a supervisor token. */
export function Dashboard({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const { state, status, send, thresholds } = useDashboard(token);
  const agents = useMemo(() => Object.values(state.agents), [state.agents]);
  const calls = useMemo(() => queueRows(state), [state]);
  return (
    <div className="screen dashboard">
      <AppHeader title="Supervisor" who="Supervisor" status={status} onSignOut={onSignOut} />
      {status.kind === "rejected" ? (
        <TokenRejected message={status.message} onSignOut={onSignOut} />
      ) : (
        <main className="dashboard-grid">
          <QueuePanel calls={calls} agents={agents} offsetMs={state.clockOffsetMs} send={send} />
          <AgentsGrid agents={agents} offsetMs={state.clockOffsetMs} {...(state.stats?.agents ? { today: state.stats.agents } : {})} />
          <RefusedCalls refused={state.refused} />
          <StatsCards stats={state.stats} thresholds={thresholds} />
          <StatsCharts history={state.history} thresholds={thresholds} />
        </main>
      )}
    </div>
  );
}
