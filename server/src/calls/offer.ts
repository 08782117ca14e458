/**
 * A customer entered the Stasis app for one agent (`agent,<extension>`): create the session,
 * reserve one of the agent's capacity slots atomically, let the customer hear ringing, and offer the
 * call on the agent's screens (`call_incoming`). No slot, agent offline, paused or in wrap-up,
 * unknown extension: the customer hears busy and supervisors get `call_refused`.
 */
import type { Channel } from "../ari/index.js";
import type { AgentRecord, SessionRecord } from "../state/index.js";
import { announceOffer } from "./announcements.js";
import type { CallContext } from "./context.js";
import { openCustomerSession } from "./customer-session.js";
import { ringTimeoutFor } from "./deadlines.js";
import { finishSession } from "./finish.js";

const REFUSAL = {
  UNKNOWN_AGENT: "unknown_extension",
  AGENT_OFFLINE: "agent_offline",
  AGENT_PAUSED: "agent_paused",
  AGENT_IN_WRAP_UP: "agent_in_wrap_up",
  NO_CAPACITY: "no_capacity",
} as const;

/**
 * Handles the StasisStart of a direct customer call. A repeated StasisStart for the same channel
 * finds the session already created and does nothing.
 */
export async function offerDirectCall(ctx: CallContext, channel: Channel, extension: string): Promise<void> {
  const session = await openCustomerSession(ctx, channel, { kind: "direct", extension });
  if (!session) return;
  const agent = await ctx.agents.findByExtension(extension);
  if (!agent) {
    await finishSession(ctx, session.sessionId, { kind: "refused", reason: "unknown_extension" });
    return;
  }
  await offerToAgent(ctx, session, agent);
}

/**
 * Reserves a slot of `agentId` for a direct call and offers it; when the reservation is refused the
 * session ends as `call_refused` (the customer hears busy).
 * @returns true when the call is now ringing on the agent's screens.
 */
export async function offerToAgent(ctx: CallContext, session: SessionRecord, agent: AgentRecord): Promise<boolean> {
  const now = ctx.now();
  const reserved = await ctx.sessions.reserveSlot(session.sessionId, agent.agentId, now + ringTimeoutFor(ctx, session) * 1000, now);
  if (!reserved.ok) {
    const reason = REFUSAL[reserved.code as keyof typeof REFUSAL];
    if (!reason) {
      ctx.logger.warn({ sessionId: session.sessionId, code: reserved.code }, reserved.message);
      return false;
    }
    await finishSession(ctx, session.sessionId, { kind: "refused", reason, agentId: agent.agentId });
    return false;
  }
  await announceOffer(ctx, reserved.session, reserved.statusChange, now, agent);
  return true;
}
