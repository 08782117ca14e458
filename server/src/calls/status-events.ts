/** Turns a state transition's status change into `agent_status_updated`, when something changed. */
import type { SessionRecord, StatusChange } from "../state/index.js";
import { agentAndSupervisors } from "./audiences.js";
import type { CallContext } from "./context.js";
import { agentStatusUpdated } from "./payloads.js";

/**
 * Publishes `agent_status_updated` for `change` when its status, call count or capacity changed.
 * Reads the agent's roster fields and the sessions of its calls (for `activeCalls`).
 */
export async function publishStatusChange(ctx: CallContext, change: StatusChange | undefined | null): Promise<void> {
  if (!change || !change.changed) return;
  const agent = await ctx.agents.getAgent(change.agentId);
  if (!agent) return;
  const sessions = new Map<string, SessionRecord>();
  for (const call of change.calls) {
    const session = await ctx.sessions.getSession(call.sessionId);
    if (session) sessions.set(call.sessionId, session);
  }
  await ctx.events.publish("agent_status_updated", agentStatusUpdated(change, agent, sessions), agentAndSupervisors(change.agentId));
}
