/**
 * A call that ended: declined by itself when the customer left (with why and how long), or a
 * summary when the agent, a supervisor or the server ended it. It goes away on Dismiss or after a while.
 */
import { useEffect } from "react";
import type { CustomerLeftReason, EndedBy } from "@acc/shared-types";
import { formatDuration } from "../state/clock.js";
import type { CallCard } from "../state/agent-screen.js";

/** How long an ended card stays before it dismisses itself, in ms. */
const ENDED_CARD_MS = 20_000;

const LEFT_REASONS: Record<CustomerLeftReason, string> = {
  customer_disconnected: "The customer hung up",
  network_issue: "The customer's line dropped",
  timeout: "The call timed out",
};

const ENDED_BY: Record<EndedBy, string> = {
  agent: "You ended the call",
  supervisor: "A supervisor ended the call",
  system: "The system ended the call",
};

/** `onDismiss(sessionId)` removes the card; pass a stable function so the timer is not restarted on every render. */
export function EndedCallCard({ card, onDismiss }: { card: CallCard; onDismiss: (sessionId: string) => void }) {
  const sessionId = card.sessionId;
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(sessionId), ENDED_CARD_MS);
    return () => clearTimeout(timer);
  }, [sessionId, onDismiss]);
  const outcome = card.outcome;
  if (!outcome) return null;
  const declined = outcome.kind === "customer_left";
  return (
    <article className={`call-card ended${declined ? " declined" : ""}`} aria-label={`Ended call with ${card.callerName ?? card.customerNumber}`} data-session={card.sessionId}>
      <header>
        <span className="call-phase">{declined ? "Call declined" : "Call ended"}</span>
      </header>
      <p className="caller-number">
        {card.callerName ? `${card.callerName} · ` : ""}
        {card.customerNumber}
      </p>
      <p className="end-reason" data-testid="end-reason">
        {declined ? LEFT_REASONS[outcome.reason] : outcome.transferredTo ? `Transferred to ${outcome.transferredTo}` : ENDED_BY[outcome.endedBy]}
        {outcome.wasConnected ? "" : " before the call was connected"}
      </p>
      <p className="end-duration" data-testid="end-duration">
        Talk time {formatDuration(outcome.callDuration)} · total {formatDuration(outcome.totalDuration)}
      </p>
      <div className="call-actions">
        <button type="button" className="secondary" onClick={() => onDismiss(sessionId)}>
          Dismiss
        </button>
      </div>
    </article>
  );
}
