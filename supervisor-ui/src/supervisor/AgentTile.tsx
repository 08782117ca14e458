/** One agent in the grid: status colour, capacity, calls with live timers, pause reason, time in state. */
import type { AgentRow } from "../state/dashboard.js";
import { elapsedSeconds, formatDuration, remainingSeconds } from "../state/clock.js";
import { CapacityBar } from "../components/CapacityBar.js";
import { StatusBadge } from "../components/StatusBadge.js";

/** `now` and `offsetMs` drive the timers, so one clock serves the whole grid. */
export function AgentTile({ agent, now, offsetMs }: { agent: AgentRow; now: number; offsetMs: number }) {
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
