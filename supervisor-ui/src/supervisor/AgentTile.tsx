/** One agent in the grid: status colour, capacity, calls with live timers, pause reason, time in state, today's figures. */
import type { AgentDayStats } from "@acc/shared-types";
import type { AgentRow } from "../state/dashboard.js";
import { elapsedSeconds, formatDuration, remainingSeconds } from "../state/clock.js";
import { CapacityBar } from "../components/CapacityBar.js";
import { StatusBadge } from "../components/StatusBadge.js";

/** `now` and `offsetMs` drive the timers, so one clock serves the whole grid; `today` is the agent's `system_stats` figures, when sent. */
export function AgentTile({ agent, now, offsetMs, today }: { agent: AgentRow; now: number; offsetMs: number; today?: AgentDayStats | undefined }) {
  return (
    <li className={`agent-tile status-border-${agent.status}`} data-agent={agent.agentId} aria-label={`${agent.agentName}, ${agent.status}`}>
      <div className="agent-tile-head">
        <span className="agent-name">{agent.agentName}</span>
        <span className="agent-ext">ext. {agent.extension}</span>
      </div>
      <div className="agent-tile-status">
        <StatusBadge status={agent.status} />
        {agent.pauseReason && agent.status === "paused" && <span className="pause-reason">{agent.pauseReason}</span>}
        <span className="time-in-state" title="Time in this status">
          {formatDuration(elapsedSeconds(agent.statusChangedAt, offsetMs, now))}
        </span>
        {agent.status === "wrap_up" && agent.wrapUpUntil && <span className="wrap-up-left">ends in {formatDuration(remainingSeconds(agent.wrapUpUntil, offsetMs, now))}</span>}
      </div>
      <CapacityBar current={agent.capacity.current} max={agent.capacity.max} label={`${agent.agentName}'s calls`} />
      {today && (
        <dl className="agent-today" data-testid="agent-today" aria-label="Today (UTC)">
          <div>
            <dt>Handled</dt>
            <dd>{today.callsHandled}</dd>
          </div>
          <div>
            <dt>Avg handle</dt>
            <dd>{formatDuration(today.avgHandleTime)}</dd>
          </div>
          <div>
            <dt>Occupancy</dt>
            <dd title={`${formatDuration(today.talkTime)} talking of ${formatDuration(today.loggedInTime)} logged in`}>{today.occupancy.toFixed(0)} %</dd>
          </div>
        </dl>
      )}
      {agent.calls.length > 0 && (
        <ul className="agent-calls">
          {agent.calls.map((call) => (
            <li key={call.sessionId} className={`agent-call ${call.phase}`}>
              <span>{call.customerNumber}</span>
              <span className="agent-call-phase">{call.onHold ? "on hold" : call.phase}</span>
              <time>{formatDuration(elapsedSeconds(call.startTime, offsetMs, now))}</time>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
