/** Turns a state transition's status change into `agent_status_updated`, when something changed. */
import type { AgentRecord, SessionRecord, StatusChange } from "../state/index.js";
import { agentAndSupervisors } from "./audience.js";
import type { CallContext } from "./context.js";
import { agentStatusUpdated } from "./payloads.js";

/** Records the caller already holds, which spare reads: the agent, and sessions of its calls. */
export interface KnownRecords {
  agent?: Pick<AgentRecord, "agentId" | "extension" | "agentName" | "pauseReason">;
  sessions?: readonly SessionRecord[];
}

/**
 * Publishes `agent_status_updated` for `change` when its status, call count or capacity changed.
 * Reads the agent's roster fields and the sessions of its calls (for `activeCalls`), except those
 * in `known` (the transition's own session, the agent just read).
 */
export async function publishStatusChange(ctx: CallContext, change: StatusChange | undefined | null, known: KnownRecords = {}): Promise<void> {
  if (!change || !change.changed) return;
  if ((change.status === "offline") !== (change.previousStatus === "offline")) {
    // Log-ins and log-outs make the agents' time logged in today (system_stats `agents`).
    await ctx.stats.recordAgentPresence(change.agentId, change.status !== "offline", Date.parse(change.lastUpdate)).catch((error) => ctx.logger.warn({ err: error }, "could not record an agent's log-in or log-out for the statistics"));
  }
  const fresh = known.agent?.agentId === change.agentId ? null : await ctx.agents.getAgent(change.agentId);
  const agent = fresh ?? known.agent;
  if (!agent) return;
  if (fresh) ctx.board.put(fresh);
  else ctx.board.apply(change);
  // Agent counts are part of system_stats and of every queue's figures.
  ctx.statsChanged();
  const sessions = new Map<string, SessionRecord>((known.sessions ?? []).map((s) => [s.sessionId, s]));
  await Promise.all(
    change.calls
      .filter((call) => !sessions.has(call.sessionId))
      .map(async (call) => {
        const session = await ctx.sessions.getSession(call.sessionId);
        if (session) sessions.set(call.sessionId, session);
      }),
  );
  await ctx.events.publish("agent_status_updated", agentStatusUpdated(change, agent, sessions), agentAndSupervisors(change.agentId));
}
