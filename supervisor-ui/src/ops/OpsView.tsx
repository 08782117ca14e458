/** The ops view: statistics, system health and the charts; no agents or calls to act on. */
import { AppHeader } from "../components/AppHeader.js";
import { StatsCards } from "../components/StatsCards.js";
import { StatsCharts } from "../components/StatsCharts.js";
import { TokenRejected } from "../components/TokenRejected.js";
import { useDashboard } from "../components/use-dashboard.js";

/** The view for an ops token. */
export function OpsView({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const { state, status, thresholds } = useDashboard(token);
  return (
    <div className="screen ops">
      <AppHeader title="Operations" who="Ops" status={status} onSignOut={onSignOut} />
      {status.kind === "rejected" ? (
        <TokenRejected message={status.message} onSignOut={onSignOut} />
      ) : (
        <main className="ops-grid">
          <StatsCards stats={state.stats} thresholds={thresholds} />
          <StatsCharts history={state.history} thresholds={thresholds} />
        </main>
      )}
    </div>
  );
}
