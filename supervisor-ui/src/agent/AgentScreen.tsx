/** The agent screen: status, capacity, ringing and connected calls side by side, ended-call cards, wrap-up. */
import { useCallback, useEffect, useReducer, useState } from "react";
import type { ServerFrame } from "@acc/shared-types";
import { agentScreenReducer, initialAgentScreen, ringingCalls } from "../state/agent-screen.js";
import { useScreenConnection } from "../connection/use-screen-connection.js";
import type { CommandWithoutId } from "@acc/client";
import { AppHeader } from "../components/AppHeader.js";
import { CapacityBar } from "../components/CapacityBar.js";
import { TokenRejected } from "../components/TokenRejected.js";
import { CallAnnouncer } from "./CallAnnouncer.js";
import { ConnectedCallCard } from "./ConnectedCallCard.js";
import { EndedCallCard } from "./EndedCallCard.js";
import { IncomingCallCard } from "./IncomingCallCard.js";
import { StatusControl } from "./StatusControl.js";
import { WrapUpPanel } from "./WrapUpPanel.js";
import { audioState, isSoundMuted, setSoundMuted, watchAudioState, type AudioState } from "./ring-sound.js";
import { SHORTCUTS, useShortcuts } from "./use-shortcuts.js";
import { useRingCue } from "./use-ring-cue.js";

/** The screen of agent `agentId`, connected with `token`. */
export function AgentScreen({ token, agentId, onSignOut }: { token: string; agentId: string; onSignOut: () => void }) {
  const [state, dispatch] = useReducer(agentScreenReducer, agentId, initialAgentScreen);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [muted, setMuted] = useState(isSoundMuted);
  const [audio, setAudio] = useState<AudioState>(audioState);
  useEffect(() => watchAudioState(setAudio), []);

  const onFrame = useCallback((frame: ServerFrame, receivedAt: number) => {
    if ("event" in frame) dispatch({ type: "event", frame, receivedAt });
    else if (frame.type === "connected") dispatch({ type: "connected", serverTime: frame.serverTime, receivedAt });
  }, []);
  const { status, send } = useScreenConnection(token, onFrame);

  // One command at a time per key (a session id, or "status"): a double click sends once.
  const run = useCallback(
    async (key: string, command: CommandWithoutId) => {
      setBusy((b) => new Set(b).add(key));
      const result = await send(command);
      setBusy((b) => {
        const next = new Set(b);
        next.delete(key);
        return next;
      });
      setProblem(result.ok ? null : `${result.error} (${result.code})`);
    },
    [send],
  );

  const ringing = ringingCalls(state);
  const first = ringing[0];
  useShortcuts(
    () => first && !busy.has(first.sessionId) && void run(first.sessionId, { type: "answer_call", sessionId: first.sessionId }),
    () => first && !busy.has(first.sessionId) && void run(first.sessionId, { type: "reject_call", sessionId: first.sessionId }),
  );
  useRingCue(
    ringing.map((c) => c.sessionId),
    muted,
  );
  const dismiss = useCallback((sessionId: string) => dispatch({ type: "dismiss", sessionId }), []);

  const self = state.self;
  // While the browser blocks audio, the click on this button is the gesture that unblocks it (see watchAudioState).
  const toggleSound = () => {
    if (audio === "blocked" && !muted) return;
    setSoundMuted(!muted);
    setMuted(!muted);
  };
  const soundLabel = muted ? "Sound off" : audio === "ready" ? "Sound on" : audio === "blocked" ? "Sound blocked: click to allow" : "No sound in this browser";

  return (
    <div className="screen agent-screen">
      <AppHeader title="Agent" who={self ? `${self.agentName} · ext. ${self.extension}` : agentId} status={status} onSignOut={onSignOut}>
        <button type="button" className={`secondary sound-${muted ? "off" : audio}`} aria-pressed={muted} onClick={toggleSound} data-testid="sound">
          {soundLabel}
        </button>
      </AppHeader>
      <CallAnnouncer ringing={ringing} />
      {status.kind === "rejected" ? (
        <TokenRejected message={status.message} onSignOut={onSignOut} />
      ) : (
        <main>
          {problem && (
            <p className="alert" role="alert">
              {problem}
            </p>
          )}
          {self ? (
            <div className="agent-top">
              <StatusControl self={self} offsetMs={state.clockOffsetMs} busy={busy.has("status")} setStatus={(s, reason) => void run("status", { type: "set_status", status: s, ...(reason ? { reason } : {}) })} />
              <section className="panel capacity-panel" aria-label="Capacity">
                <h2>Calls</h2>
                <CapacityBar current={self.capacity.current} max={self.capacity.max} label="My calls" />
              </section>
            </div>
          ) : (
            <p className="panel">Loading your status…</p>
          )}
          {self?.status === "wrap_up" && <WrapUpPanel since={self.statusChangedAt} {...(self.wrapUpUntil ? { until: self.wrapUpUntil } : {})} offsetMs={state.clockOffsetMs} busy={busy.has("status")} onEnd={() => void run("status", { type: "end_wrap_up" })} />}
          <section className="calls" aria-label="My calls">
            {state.calls.map((card) => {
              if (card.phase === "ringing") {
                return (
                  <IncomingCallCard
                    key={card.sessionId}
                    card={card}
                    first={card === first}
                    busy={busy.has(card.sessionId)}
                    onAnswer={() => void run(card.sessionId, { type: "answer_call", sessionId: card.sessionId })}
                    onReject={() => void run(card.sessionId, { type: "reject_call", sessionId: card.sessionId })}
                  />
                );
              }
              if (card.phase === "ended") return <EndedCallCard key={card.sessionId} card={card} onDismiss={dismiss} />;
              return <ConnectedCallCard key={card.sessionId} card={card} busy={busy.has(card.sessionId)} run={(command) => void run(card.sessionId, command)} />;
            })}
            {state.calls.length === 0 && <p className="empty">No calls. {self?.status === "available" ? "Waiting for the next one." : "Set yourself Available to receive calls."}</p>}
          </section>
          <footer className="shortcuts">
            <h2>Keyboard</h2>
            <dl>
              {SHORTCUTS.map((s) => (
                <div key={s.key}>
                  <dt>
                    <kbd>{s.key}</kbd>
                  </dt>
                  <dd>{s.action}</dd>
                </div>
              ))}
            </dl>
          </footer>
        </main>
      )}
    </div>
  );
}
