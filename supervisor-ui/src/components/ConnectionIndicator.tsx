/** The connection light in the header: online, connecting, reconnecting (with the countdown), or refused. */
import type { ConnectionStatus } from "@acc/client";
import { useNow } from "./use-now.js";

/** Shows `status` as a coloured dot and a label; screen readers hear changes politely. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const now = useNow(500);
  let label: string;
  switch (status.kind) {
    case "online":
      label = "Online";
      break;
    case "connecting":
      label = status.attempt === 0 ? "Connecting…" : `Connecting (attempt ${status.attempt + 1})…`;
      break;
    case "reconnecting":
      label = `Offline: ${status.reason}; retrying in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))} s`;
      break;
    case "rejected":
      label = "Token refused";
      break;
    case "closed":
      label = "Closed";
      break;
  }
  return (
    <span className={`connection connection-${status.kind}`} role="status" aria-live="polite" data-testid="connection">
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
