/**
 * The `system_stats` figures as cards, the system health, and the per-queue figures when the
 * server sends them; service level and abandon rate coloured by the thresholds.
 */
import type { DashboardThresholds, SystemStats } from "@acc/shared-types";
import { formatDuration } from "../state/clock.js";
import { abandonRateOf, serviceLevelOf } from "../state/dashboard.js";
import { abandonRateLevel, DEFAULT_THRESHOLDS, LEVEL_WORDS, serviceLevelLevel, type Level } from "../state/thresholds.js";

/** A percentage coloured by its level, with the level in words for screen readers. */
function Leveled({ value, level }: { value: number; level: Level }) {
  return (
    <span className={`level level-${level}`} data-level={level}>
      {value.toFixed(0)} %<span className="visually-hidden"> ({LEVEL_WORDS[level]})</span>
    </span>
  );
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat-card">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** `stats`: the latest `system_stats`, or `null` before the first one arrives; `thresholds` colour SL and abandon rate. */
export function StatsCards({ stats, thresholds = DEFAULT_THRESHOLDS }: { stats: SystemStats | null; thresholds?: DashboardThresholds }) {
  if (!stats) {
    return (
      <section className="panel stats" aria-label="Statistics">
        <h2>Statistics</h2>
        <p className="hint">The first figures arrive with the server's next statistics round.</p>
      </section>
    );
  }
  const health = stats.systemHealth;
  const perf = stats.performance;
  const queues = Object.entries(stats.queues ?? {});
  const serviceLevel = serviceLevelOf(stats);
  const abandonRate = abandonRateOf(stats);
  return (
    <section className="panel stats" aria-label="Statistics">
      <h2>
        Statistics <span className="hint">as of {new Date(stats.timestamp).toLocaleTimeString()}</span>
      </h2>
      <div className="stat-grid">
        <Card label="Calls in progress" value={String(stats.totalSessions)} />
        <Card label="Agents on calls" value={String(stats.activeAgents)} />
        <Card label="Agents available" value={String(stats.availableAgents)} />
        <Card label="Calls per busy agent" value={stats.avgCallsPerAgent.toFixed(1)} />
        <Card label="Calls per minute" value={perf.callsPerMinute.toFixed(1)} />
        <Card label="Peak calls today (UTC)" value={String(perf.peakConcurrentCalls)} />
        <Card label="Reached an agent today" value={`${perf.successRate.toFixed(1)} %`} />
        <Card label="Avg response" value={`${Math.round(perf.avgResponseTime)} ms`} />
        {serviceLevel !== null && (
          <div className={`stat-card level-card-${serviceLevelLevel(serviceLevel, thresholds)}`} data-testid="service-level">
            <span className="stat-value">
              <Leveled value={serviceLevel} level={serviceLevelLevel(serviceLevel, thresholds)} />
            </span>
            <span className="stat-label">Service level, last hour (target ≥ {thresholds.serviceLevel.target} %)</span>
          </div>
        )}
        {abandonRate !== null && (
          <div className={`stat-card level-card-${abandonRateLevel(abandonRate, thresholds)}`} data-testid="abandon-rate">
            <span className="stat-value">
              <Leveled value={abandonRate} level={abandonRateLevel(abandonRate, thresholds)} />
            </span>
            <span className="stat-label">Abandon rate, last hour (target ≤ {thresholds.abandonRate.target} %)</span>
          </div>
        )}
      </div>
      <h3>System health</h3>
      <div className="stat-grid">
        <div className={`stat-card health-${health.status}`} data-testid="health">
          <span className="stat-value">{health.status}</span>
          <span className="stat-label">Status</span>
        </div>
        <Card label="Uptime" value={formatDuration(health.uptime)} />
        <Card label="Memory" value={`${megabytes(health.memoryUsage.used)} / ${megabytes(health.memoryUsage.total)} (${health.memoryUsage.percentage.toFixed(0)} %)`} />
        <Card label="Screens connected" value={String(health.activeConnections)} />
      </div>
      {queues.length > 0 && (
        <>
          <h3>Queues</h3>
          <div className="table-scroll">
            <table className="queue-stats">
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Longest wait</th>
                  <th scope="col">Service level</th>
                  <th scope="col">Abandoned</th>
                  <th scope="col">Avg wait</th>
                  <th scope="col">Avg handle</th>
                  <th scope="col">Agents avail. / on call / paused / wrap-up</th>
                </tr>
              </thead>
              <tbody>
                {queues.map(([number, q]) => (
                  <tr key={number}>
                    <th scope="row">{number}</th>
                    <td>{q.waiting}</td>
                    <td>{formatDuration(q.longestWait)}</td>
                    <td>
                      <Leveled value={q.serviceLevel} level={serviceLevelLevel(q.serviceLevel, thresholds)} /> ({q.serviceLevelWithAbandoned.toFixed(0)} % with abandoned)
                    </td>
                    <td>
                      {q.abandoned} (<Leveled value={q.abandonRate} level={abandonRateLevel(q.abandonRate, thresholds)} />)
                    </td>
                    <td>{formatDuration(q.avgWait)}</td>
                    <td>{formatDuration(q.avgHandleTime)}</td>
                    <td>
                      {q.agentsAvailable} / {q.agentsOnCall} / {q.agentsPaused} / {q.agentsInWrapUp}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
