/** The dashboard's charts over the last hour: calls waiting, calls held, service level and abandon rate (with their targets). */
import { useMemo } from "react";
import type { DashboardThresholds } from "@acc/shared-types";
import { toColumns, type StatsSample } from "../state/stats-history.js";
import { DEFAULT_THRESHOLDS } from "../state/thresholds.js";
import { TimeChart } from "./TimeChart.js";

/** `history`: the samples (oldest first), the server's last hour and the page's own; `thresholds` label the targets. */
export function StatsCharts({ history, thresholds = DEFAULT_THRESHOLDS }: { history: readonly StatsSample[]; thresholds?: DashboardThresholds }) {
  const [times, waiting, active, serviceLevel, abandonRate] = useMemo(() => toColumns(history), [history]);
  return (
    <section className="panel charts" aria-label="Last hour">
      <h2>Last hour</h2>
      <div className="chart-grid">
        <TimeChart title="Calls waiting" times={times} values={waiting} unit="calls" color="#d97706" />
        <TimeChart title="Calls with agents" times={times} values={active} unit="calls" color="#2563eb" />
        <TimeChart title={`Service level (target ≥ ${thresholds.serviceLevel.target} %)`} times={times} values={serviceLevel} unit="%" color="#16a34a" target={thresholds.serviceLevel.target} />
        <TimeChart title={`Abandon rate (target ≤ ${thresholds.abandonRate.target} %)`} times={times} values={abandonRate} unit="%" color="#dc2626" target={thresholds.abandonRate.target} />
      </div>
      {serviceLevel.every((v) => v === null) && <p className="hint">Service level and abandon rate appear once the server reports per-queue figures.</p>}
    </section>
  );
}
