/** One waiting call: position, caller, wait timer and estimate, and the supervisor's actions on it. */
import { useState } from "react";
import type { AgentRow, QueueRow } from "../state/dashboard.js";
import { elapsedSeconds, formatDuration } from "../state/clock.js";

/** What the row can ask of the server; each resolves when the server answered. */
export interface QueueActions {
  assign(sessionId: string, agentId: string): Promise<void>;
  setPriority(sessionId: string, priority: number): Promise<void>;
  hangup(sessionId: string): Promise<void>;
}

/** `assignable`: agents with spare capacity, the choices of the agent picker. */
export function QueueCallRow({ call, assignable, now, offsetMs, actions }: { call: QueueRow; assignable: readonly AgentRow[]; now: number; offsetMs: number; actions: QueueActions }) {
  const [agentId, setAgentId] = useState("");
  const [priority, setPriority] = useState(String(call.priority ?? 0));
  const [busy, setBusy] = useState(false);
  const chosen = assignable.some((a) => a.agentId === agentId) ? agentId : "";
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const label = `${call.callerName} ${call.customerNumber}`;
  return (
    <li className="queue-call" data-session={call.sessionId} aria-label={`Waiting call from ${label}`}>
      <div className="queue-call-info">
        <span className="queue-position" title="Position in queue">
          #{call.position}
        </span>
        <span className="caller">
          <span className="caller-name">{call.callerName}</span> <span className="caller-number">{call.customerNumber}</span>
        </span>
        <span className="queue-number">Queue {call.queueNumber}</span>
        <span className="wait">
          Waiting <time data-testid="queue-wait">{formatDuration(elapsedSeconds(call.waitingSince, offsetMs, now))}</time>
        </span>
        <span className="estimate">est. {formatDuration(call.estimatedWaitTime)}</span>
        {call.priority !== undefined && <span className="priority">priority {call.priority}</span>}
      </div>
      <div className="queue-call-actions">
        <label>
          <span className="visually-hidden">Agent for {label}</span>
          <select value={chosen} onChange={(e) => setAgentId(e.target.value)} disabled={busy}>
            <option value="">{assignable.length === 0 ? "No agent with capacity" : "Choose an agent…"}</option>
            {assignable.map((a) => (
              <option key={a.agentId} value={a.agentId}>
                {a.agentName} ({a.capacity.current}/{a.capacity.max})
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy || chosen === ""} onClick={() => void act(() => actions.assign(call.sessionId, chosen))}>
          Assign
        </button>
        <form
          className="priority-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (/^-?[0-9]+$/.test(priority)) void act(() => actions.setPriority(call.sessionId, Number(priority)));
          }}
        >
          <label>
            <span className="visually-hidden">Priority for {label}</span>
            <input type="number" step={1} value={priority} onChange={(e) => setPriority(e.target.value)} className="priority-input" />
          </label>
          <button type="submit" className="secondary" disabled={busy || !/^-?[0-9]+$/.test(priority)}>
            Set priority
          </button>
        </form>
        <button type="button" className="reject" disabled={busy} onClick={() => void act(() => actions.hangup(call.sessionId))}>
          Hang up
        </button>
      </div>
    </li>
  );
}
