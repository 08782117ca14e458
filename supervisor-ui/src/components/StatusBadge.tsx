/** An agent status as a coloured label; the colour comes from the CSS class `status-<status>`. */
import type { AgentStatus } from "@acc/shared-types";

/** Words for each status, as people say them. */
export const STATUS_LABELS: Record<AgentStatus, string> = {
  available: "Available",
  ringing: "Ringing",
  on_call: "On call",
  multi_call: "Multiple calls",
  offline: "Offline",
  paused: "Paused",
  wrap_up: "Wrap-up",
};

/** The badge; `data-status` lets styles and tests read the raw status. */
export function StatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
