/** A connected call: the caller, a timer from the server's `timerStartTime`, and the controls the server allows. */
import { useState, type FormEvent } from "react";
import { elapsedSeconds, formatDuration } from "../state/clock.js";
import type { CallCard } from "../state/agent-screen.js";
import type { CommandWithoutId } from "@acc/client";
import { useNow } from "../components/use-now.js";
import { callOrigin } from "./call-origin.js";

/** `run` sends a command for this call and reports its outcome in the card. */
export function ConnectedCallCard({ card, busy, run }: { card: CallCard; busy: boolean; run: (command: CommandWithoutId) => void }) {
  const now = useNow();
  const [target, setTarget] = useState("");
  const seconds = card.timerStartTime ? elapsedSeconds(card.timerStartTime, card.offsetMs, now) : 0;
  const controls = card.controls;
  const sessionId = card.sessionId;
  const transfer = (event: FormEvent) => {
    event.preventDefault();
    if (/^[0-9]+$/.test(target)) run({ type: "transfer_call", sessionId, target });
  };
  return (
    <article className={`call-card connected${card.onHold ? " on-hold" : ""}`} aria-label={`Call with ${card.callerName ?? card.customerNumber}`} data-session={sessionId}>
      <header>
        <span className="call-phase">{card.phase === "connecting" ? "Connecting" : card.onHold ? "On hold" : "Connected"}</span>
        <span className="call-origin">{callOrigin(card)}</span>
        {card.muted !== "none" && <span className="muted-flag">Muted</span>}
      </header>
      {card.callerName && <p className="caller-name">{card.callerName}</p>}
      <p className="caller-number">{card.customerNumber}</p>
      <p className="call-timer">
        <time data-testid="call-timer" aria-label="Call time">
          {formatDuration(seconds)}
        </time>
      </p>
      {card.phase === "connected" && controls && (
        <div className="call-actions">
          {controls.hold && (
            <button type="button" disabled={busy} aria-pressed={card.onHold} onClick={() => run({ type: card.onHold ? "unhold_call" : "hold_call", sessionId })}>
              {card.onHold ? "Resume" : "Hold"}
            </button>
          )}
          {controls.mute && (
            <button type="button" disabled={busy} aria-pressed={card.muted !== "none"} onClick={() => run({ type: card.muted === "none" ? "mute_call" : "unmute_call", sessionId })}>
              {card.muted === "none" ? "Mute" : "Unmute"}
            </button>
          )}
          {controls.hangup && (
            <button type="button" className="reject" disabled={busy} onClick={() => run({ type: "hangup_call", sessionId })}>
              Hang up
            </button>
          )}
          {controls.transfer && (
            <form className="transfer" onSubmit={transfer}>
              <label>
                <span className="visually-hidden">Transfer to extension or queue</span>
                <input inputMode="numeric" pattern="[0-9]+" placeholder="Ext. or queue" value={target} onChange={(e) => setTarget(e.target.value)} />
              </label>
              <button type="submit" disabled={busy || !/^[0-9]+$/.test(target)}>
                Transfer
              </button>
            </form>
          )}
        </div>
      )}
    </article>
  );
}
