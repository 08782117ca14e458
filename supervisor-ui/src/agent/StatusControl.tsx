/** The agent's own status: available, paused with a reason, or offline; and the time in the current status. */
import { useState } from "react";
import type { AgentSelf } from "../state/agent-screen.js";
import { elapsedSeconds, formatDuration } from "../state/clock.js";
import { StatusBadge } from "../components/StatusBadge.js";
import { useNow } from "../components/use-now.js";

/** The pause reasons offered; the code is what the server stores and supervisors see. */
const PAUSE_REASONS: readonly { code: string; label: string }[] = [
  { code: "break", label: "Break" },
  { code: "lunch", label: "Lunch" },
  { code: "meeting", label: "Meeting" },
  { code: "training", label: "Training" },
  { code: "after_call_work", label: "After-call work" },
];

/** A check mark on the button of the current status (screen readers hear `aria-pressed`). */
function Current({ on }: { on: boolean }) {
  return on ? (
    <span className="current-mark" aria-hidden="true">
      ✓{" "}
    </span>
  ) : null;
}

/**
 * `setStatus` sends `set_status`; `busy` disables the buttons while a command is in flight. The
 * button of the current status is marked (check mark, outline, `aria-pressed`), Available also
 * while the agent rings or is on calls; Pause stays enabled while paused so the reason can be changed.
 */
export function StatusControl({ self, offsetMs, busy, setStatus }: { self: AgentSelf; offsetMs: number; busy: boolean; setStatus: (status: "available" | "paused" | "offline", reason?: string) => void }) {
  const now = useNow(1000);
  const [reason, setReason] = useState(PAUSE_REASONS[0]!.code);
  const status = self.status;
  // Ringing and on a call the agent is still Available for more calls (up to maxCalls).
  const available = status === "available" || status === "ringing" || status === "on_call" || status === "multi_call";
  return (
    <section className="panel status-control" aria-label="My status">
      <div className="status-line">
        <StatusBadge status={status} />
        {status === "paused" && self.pauseReason && <span className="pause-reason">{PAUSE_REASONS.find((r) => r.code === self.pauseReason)?.label ?? self.pauseReason}</span>}
        <span className="time-in-state">for {formatDuration(elapsedSeconds(self.statusChangedAt, offsetMs, now))}</span>
      </div>
      <div className="status-buttons" role="group" aria-label="Set my status">
        <button type="button" className="go-available" disabled={busy || available} aria-pressed={available} onClick={() => setStatus("available")}>
          <Current on={available} />
          Available
        </button>
        <span className="pause-group">
          <label>
            <span className="visually-hidden">Pause reason</span>
            <select value={reason} onChange={(e) => setReason(e.target.value)}>
              {PAUSE_REASONS.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} aria-pressed={status === "paused"} onClick={() => setStatus("paused", reason)}>
            <Current on={status === "paused"} />
            Pause
          </button>
        </span>
        <button type="button" className="secondary" disabled={busy || status === "offline"} aria-pressed={status === "offline"} onClick={() => setStatus("offline")}>
          <Current on={status === "offline"} />
          Offline
        </button>
      </div>
    </section>
  );
}
