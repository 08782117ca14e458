/**
 * Wrap-up (after-call work): a countdown to its end when the server sends `wrapUpUntil`, otherwise
 * the time spent so far; and a button to end it early.
 */
import { elapsedSeconds, formatDuration, remainingSeconds } from "../state/clock.js";
import { useNow } from "../components/use-now.js";

/** `since`: when wrap-up began; `until`: when it ends, if known (both ISO, server clock). */
export function WrapUpPanel({ since, until, offsetMs, busy, onEnd }: { since: string; until?: string; offsetMs: number; busy: boolean; onEnd: () => void }) {
  const now = useNow();
  return (
    <section className="panel wrap-up" aria-label="Wrap-up">
      <h2>Wrap-up</h2>
      {until ? (
        <p>
          Next call can be offered in <strong data-testid="wrap-up-countdown">{formatDuration(remainingSeconds(until, offsetMs, now))}</strong>.
        </p>
      ) : (
        <p>
          In wrap-up for <strong data-testid="wrap-up-elapsed">{formatDuration(elapsedSeconds(since, offsetMs, now))}</strong>; no new calls are
          offered until it ends.
        </p>
      )}
      <button type="button" onClick={onEnd} disabled={busy}>
        End wrap-up
      </button>
    </section>
  );
}
