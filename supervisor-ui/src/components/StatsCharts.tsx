/** The dashboard's charts: calls waiting, service level and active calls over the last hour. */
import { useMemo } from "react";
import { toColumns, type StatsSample } from "../state/stats-history.js";
import { TimeChart } from "./TimeChart.js";

/** `history`: the samples kept in the page (oldest first). */
export function StatsCharts({ history }: { history: readonly StatsSample[] }) {
  const [times, waiting, active, serviceLevel] = useMemo(() => toColumns(history), [history]);
  return (
    <section className="panel charts" aria-label="Last hour">
      <h2>Last hour</h2>
      <div className="chart-grid">
        <TimeChart title="Calls waiting" times={times} values={waiting} unit="calls" color="#d97706" />
        <TimeChart title="Service level" times={times} values={serviceLevel} unit="%" color="#16a34a" />
        <TimeChart title="Active calls" times={times} values={active} unit="calls" color="#2563eb" />
      </div>
      {serviceLevel.every((v) => v === null) && <p className="hint">Service level appears once the server reports per-queue figures.</p>}
    </section>
  );
}
