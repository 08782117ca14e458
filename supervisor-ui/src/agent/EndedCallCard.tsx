/**
 * A call that ended: "Customer hung up" (or "Missed call" when the customer gave up before the
 * agent answered) with why and how long, a summary when the agent, a supervisor or the server
 * ended it, or a missed call when the offer rang out. Ended calls go away on Dismiss or after a
 * while; a missed call stays until dismissed, as the agent may have been away.
 */
import { useEffect } from "react";
import type { CustomerLeftReason, EndedBy, RejectReason } from "@acc/shared-types";
import { formatDuration } from "../state/clock.js";
import type { CallCard, CallOutcome } from "../state/agent-screen.js";

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

const MISSED: Partial<Record<RejectReason, string>> = {
  ring_timeout: "It rang out: nobody answered before the ring timeout",
  agent_no_answer: "Your phone did not answer",
};

function title(outcome: CallOutcome): string {
  if (outcome.kind === "missed") return "Missed call";
  if (outcome.kind === "ended") return "Call ended";
  return outcome.wasConnected ? "Customer hung up" : "Missed call";
}

function reason(outcome: CallOutcome): string {
  if (outcome.kind === "missed") return `${MISSED[outcome.reason] ?? "Not answered"}${outcome.returnedToQueue ? "; the caller waits in the queue again" : ""}`;
  const said = outcome.kind === "customer_left" ? LEFT_REASONS[outcome.reason] : outcome.transferredTo ? `Transferred to ${outcome.transferredTo}` : ENDED_BY[outcome.endedBy];
  return `${said}${outcome.wasConnected ? "" : " before the call was connected"}`;
}

/** `onDismiss(sessionId)` removes the card; pass a stable function so the timer is not restarted on every render. */
export function EndedCallCard({ card, onDismiss }: { card: CallCard; onDismiss: (sessionId: string) => void }) {
  const sessionId = card.sessionId;
  const outcome = card.outcome;
  const missed = outcome?.kind === "missed" || (outcome?.kind === "customer_left" && !outcome.wasConnected);
  useEffect(() => {
    if (missed) return;
    const timer = setTimeout(() => onDismiss(sessionId), ENDED_CARD_MS);
    return () => clearTimeout(timer);
  }, [sessionId, onDismiss, missed]);
  if (!outcome) return null;
  const kind = missed ? " missed" : outcome.kind === "customer_left" ? " customer-left" : "";
  return (
    <article className={`call-card ended${kind}`} aria-label={`${title(outcome)}: ${card.callerName ?? card.customerNumber}`} data-session={card.sessionId}>
      <header>
        <span className="call-phase">{title(outcome)}</span>
        <span className="call-origin">at {new Date(outcome.at).toLocaleTimeString()}</span>
      </header>
      <p className="caller-number">
        {card.callerName ? `${card.callerName} · ` : ""}
        {card.customerNumber}
      </p>
      <p className="end-reason" data-testid="end-reason">
        {reason(outcome)}
      </p>
      {outcome.kind !== "missed" && (
        <p className="end-duration" data-testid="end-duration">
          Talk time {formatDuration(outcome.callDuration)} · total {formatDuration(outcome.totalDuration)}
        </p>
      )}
      <div className="call-actions">
        <button type="button" className="secondary" onClick={() => onDismiss(sessionId)}>
          Dismiss
        </button>
      </div>
    </article>
  );
}
