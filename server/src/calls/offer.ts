/**
 * A customer entered the Stasis app for one agent (`agent,<extension>`): create the session,
 * reserve one of the agent's capacity slots atomically, let the customer hear ringing, and offer the
 * call on the agent's screens (`call_incoming`). No slot, agent offline or paused, unknown
 * extension: the customer hears busy and supervisors get `call_refused`.
 */
import type { Channel } from "../ari/index.js";
import type { AgentRecord, SessionRecord, StatusChange } from "../state/index.js";
import { agentAndSupervisors } from "./audiences.js";
import type { CallContext } from "./context.js";
import { finishSession } from "./finish.js";
import { callIncoming } from "./payloads.js";
import { openCustomerSession } from "./customer-session.js";
import { publishStatusChange } from "./status-events.js";
import { ringTimeoutFor } from "./queue-call.js";

const REFUSAL = {
  UNKNOWN_AGENT: "unknown_extension",
  AGENT_OFFLINE: "agent_offline",
  AGENT_PAUSED: "agent_paused",
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
    await finishSession(ctx, session.sessionId, { kind: "refused", reason });
    return false;
  }
  await announceOffer(ctx, reserved.session, reserved.statusChange, now, agent);
  return true;
}

/**
 * Tells the screens about a call just reserved on an agent (`call_incoming`, then the agent's
 * status) and lets a direct caller hear ringing. A queue caller, or a transferred one, keeps
 * hearing music on hold.
 */
export async function announceOffer(ctx: CallContext, session: SessionRecord, statusChange: StatusChange, now: number, known?: AgentRecord): Promise<void> {
  const agentId = session.agentId;
  // The roster fields (name, extension, maxCalls) of an agent just read serve; capacity comes from the transition.
  const agent = known && known.agentId === agentId ? known : agentId ? await ctx.agents.getAgent(agentId) : null;
  if (!agent) return;
  const transferredBy = session.transferredFrom ? (await ctx.sessions.getSession(session.transferredFrom))?.agentId ?? null : null;
  await ctx.events.publish("call_incoming", callIncoming(session, agent, ringTimeoutFor(ctx, session), now, transferredBy), agentAndSupervisors(agent.agentId));
  await publishStatusChange(ctx, statusChange, { agent, sessions: [session] });
  if (session.kind !== "direct" || session.transferredFrom) return;
  try {
    await ctx.ari.ringChannel(session.customerChannelId);
  } catch (error) {
    // The customer may already be gone (its StasisEnd ends the session); otherwise the call goes
    // on without the ringback tone rather than failing.
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not ring the customer");
  }
}
