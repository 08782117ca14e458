/** Recent customer calls that could not be offered to their agent, so they do not vanish unseen. */
import type { CallRefused, CallRefusedReason } from "@acc/shared-types";

const REASONS: Record<CallRefusedReason, string> = {
  no_capacity: "agent at full capacity",
  agent_offline: "agent offline",
  agent_paused: "agent paused",
  agent_in_wrap_up: "agent in after-call work",
  unknown_extension: "no agent on that extension",
};

/** `refused`: newest first. Renders nothing when there are none. */
export function RefusedCalls({ refused }: { refused: readonly CallRefused[] }) {
  if (refused.length === 0) return null;
  return (
    <section className="panel refused" aria-label="Refused calls">
      <h2>Refused calls</h2>
      <ul>
        {refused.map((r) => (
          <li key={r.sessionId}>
            <time>{new Date(r.timestamp).toLocaleTimeString()}</time> {r.callerName} {r.customerNumber} → ext. {r.extension}: {REASONS[r.reason]}
          </li>
        ))}
      </ul>
    </section>
  );
}
