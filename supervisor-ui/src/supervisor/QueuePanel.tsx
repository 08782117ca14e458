/** The calls waiting in queues, with assign / priority / hang-up, and a clear message when the server refuses. */
import { useMemo, useState } from "react";
import type { AgentRow, QueueRow } from "../state/dashboard.js";
import type { CommandResult, CommandWithoutId } from "@acc/client";
import { assignableAgents } from "../state/agent-filter.js";
import { useNow } from "../components/use-now.js";
import { QueueCallRow, type QueueActions } from "./QueueCallRow.js";

type Feedback = { ok: boolean; text: string };

/** Words for a refused command; CONFLICT means someone or something else got there first. */
function refusal(action: string, result: Extract<CommandResult, { ok: false }>): string {
  if (result.code === "CONFLICT") return `Could not ${action}: ${result.error} The call or the agent changed meanwhile; the list shows the current state.`;
  if (result.code === "NOT_FOUND") return `Could not ${action}: ${result.error} The call is no longer waiting.`;
  return `Could not ${action}: ${result.error}`;
}

/** `send` sends a supervisor command and resolves with the server's answer. */
export function QueuePanel({ calls, agents, offsetMs, send }: { calls: readonly QueueRow[]; agents: readonly AgentRow[]; offsetMs: number; send: (command: CommandWithoutId) => Promise<CommandResult> }) {
  const now = useNow(1000);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const assignable = useMemo(() => assignableAgents(agents), [agents]);
  const nameOf = (agentId: string) => agents.find((a) => a.agentId === agentId)?.agentName ?? agentId;

  const actions: QueueActions = {
    async assign(sessionId, agentId) {
      const result = await send({ type: "assign_queue_call", sessionId, agentId });
      setFeedback(result.ok ? { ok: true, text: `Assigned to ${nameOf(agentId)}; their screen is ringing.` } : { ok: false, text: refusal("assign the call", result) });
    },
    async setPriority(sessionId, priority) {
      const result = await send({ type: "set_queue_priority", sessionId, priority });
      setFeedback(result.ok ? { ok: true, text: `Priority set to ${priority}.` } : { ok: false, text: refusal("change the priority", result) });
    },
    async hangup(sessionId) {
      const result = await send({ type: "hangup_queue_call", sessionId });
      setFeedback(result.ok ? { ok: true, text: "The waiting call was hung up." } : { ok: false, text: refusal("hang up the call", result) });
    },
  };

  return (
    <section className="panel queue" aria-label="Queue">
      <h2>
        Waiting calls <span className="hint">{calls.length}</span>
      </h2>
      {feedback && (
        <p className={feedback.ok ? "notice" : "alert"} role={feedback.ok ? "status" : "alert"} data-testid="queue-feedback">
          {feedback.text}
          <button type="button" className="link" onClick={() => setFeedback(null)} aria-label="Close message">
            ×
          </button>
        </p>
      )}
      <ul className="queue-list">
        {calls.map((call) => (
          <QueueCallRow key={call.sessionId} call={call} assignable={assignable} now={now} offsetMs={offsetMs} actions={actions} />
        ))}
      </ul>
      {calls.length === 0 && <p className="empty">No calls waiting.</p>}
    </section>
  );
}
