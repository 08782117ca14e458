/** A ringing call: who calls, from where, how long it still rings, and Answer / Reject. */
import { formatDuration, remainingSeconds } from "../state/clock.js";
import type { CallCard } from "../state/agent-screen.js";
import { useNow } from "../components/use-now.js";
import { callOrigin } from "./call-origin.js";

/** `first`: this is the call the keyboard shortcuts act on. */
export function IncomingCallCard({ card, first, busy, onAnswer, onReject }: { card: CallCard; first: boolean; busy: boolean; onAnswer: () => void; onReject: () => void }) {
  const now = useNow();
  const left = card.ringDeadline ? remainingSeconds(card.ringDeadline, card.offsetMs, now) : null;
  const caller = card.callerName ?? "Caller";
  return (
    <article className="call-card ringing" aria-label={`Incoming call from ${caller} ${card.customerNumber}`} data-session={card.sessionId}>
      <header>
        <span className="call-phase">Incoming call</span>
        <span className="call-origin">{callOrigin(card)}</span>
        {card.priority && card.priority !== "normal" && <span className={`priority priority-${card.priority}`}>{card.priority} priority</span>}
      </header>
      <p className="caller-name">{caller}</p>
      <p className="caller-number">{card.customerNumber}</p>
      {left !== null && (
        <p className="ring-countdown">
          Rings for <strong data-testid="ring-countdown">{formatDuration(left)}</strong>
          {card.ringTimeout ? <progress max={card.ringTimeout} value={left} aria-hidden="true" /> : null}
        </p>
      )}
      <div className="call-actions">
        <button type="button" className="answer" onClick={onAnswer} disabled={busy} aria-keyshortcuts={first ? "A" : undefined}>
          Answer{first && <kbd>A</kbd>}
        </button>
        <button type="button" className="reject" onClick={onReject} disabled={busy} aria-keyshortcuts={first ? "R" : undefined}>
          Reject{first && <kbd>R</kbd>}
        </button>
      </div>
    </article>
  );
}
