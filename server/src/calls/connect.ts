/**
 * From the agent's "answer" to a connected call: answer the customer, put them in a mixing bridge,
 * originate the agent leg to AGENT_ENDPOINT, add it to the bridge when it enters Stasis, and
 * declare the call connected once both channels are in the bridge (ARI ChannelEnteredBridge).
 */
import { agentEndpoint, type Bridge, type Channel } from "../ari/index.js";
import { hangUp } from "./ari-cleanup.js";
import { agentAndSupervisors } from "./audiences.js";
import { CommandError } from "../ws/index.js";
import type { CallContext } from "./context.js";
import { finishSession } from "./finish.js";
import { callBridged } from "./payloads.js";
import { agentLegArgs, agentLegChannelId, bridgeIdForSession } from "./stasis-args.js";
import { publishStatusChange } from "./status-events.js";
import { refusalToCommandError } from "./command-errors.js";

/**
 * `answer_call` from the agent's screen.
 * @returns `{ sessionId, state: "connecting" }`.
 * @throws CommandError FORBIDDEN (not this agent's call), NOT_FOUND, INVALID_STATE (not ringing),
 *   UNAVAILABLE (Asterisk refused or did not answer; the call then ends as not reached).
 */
export async function answerCall(ctx: CallContext, agentId: string, sessionId: string): Promise<Record<string, unknown>> {
  const now = ctx.now();
  const marked = await ctx.sessions.markConnecting(sessionId, agentId, now);
  if (!marked.ok) throw refusalToCommandError(marked);
  if (!marked.changed) return { sessionId, state: marked.session.state };
  await publishStatusChange(ctx, marked.statusChange);
  const session = marked.session;
  await ctx.stats.recordResponse(sessionId, now - (session.offeredAt ?? now), now);
  const bridgeId = bridgeIdForSession(sessionId);
  const agentChannelId = agentLegChannelId(sessionId);
  const agent = await ctx.agents.getAgent(agentId);
  try {
    await ctx.ari.answerChannel(session.customerChannelId);
    await ctx.ari.createBridge({ type: "mixing", bridgeId, name: sessionId });
    await ctx.ari.addChannelToBridge(bridgeId, session.customerChannelId);
    // Record the agent leg before originating: its first events may arrive before the REST reply.
    const attached = await ctx.sessions.attachAgentChannel(sessionId, agentChannelId);
    if (!attached.ok) throw new Error(attached.message);
    await ctx.ari.originate({
      endpoint: agentEndpoint(ctx.settings.agentEndpoint, agent?.extension ?? session.extension ?? ""),
      app: ctx.settings.app,
      appArgs: agentLegArgs(sessionId),
      channelId: agentChannelId,
      callerId: session.callerName && session.customerNumber ? `"${session.callerName}" <${session.customerNumber}>` : session.customerNumber,
      timeoutS: ctx.settings.ringTimeoutS,
    });
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId }, "answering the call failed");
    await finishSession(ctx, sessionId, { kind: "not_reached", reason: "agent_unreachable", detail: String((error as Error).message ?? error) });
    throw new CommandError("UNAVAILABLE", "The call could not be connected: Asterisk refused or did not answer. The customer was released.");
  }
  return { sessionId, state: "connecting" };
}

/** StasisStart of an agent leg: it answered, so add it to the session's bridge. */
export async function agentLegEntered(ctx: CallContext, channel: Channel, sessionId: string): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.agentChannelId !== channel.id) {
    // A leg for a call that has already ended, or not ours: do not leave it up.
    await hangUp(ctx, channel.id, "normal");
    return;
  }
  try {
    await ctx.ari.addChannelToBridge(bridgeIdForSession(sessionId), channel.id);
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId }, "could not add the agent leg to the bridge");
    await finishSession(ctx, sessionId, { kind: "not_reached", reason: "agent_unreachable", detail: "could not join the bridge" });
  }
}

/**
 * ChannelEnteredBridge: when both the customer and the agent leg are in the session's bridge the call
 * is connected, once; `call_bridged_successfully` starts the screens' timers.
 */
export async function channelEnteredBridge(ctx: CallContext, sessionId: string, bridge: Bridge): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || bridgeIdForSession(sessionId) !== bridge.id || !session.agentChannelId) return;
  const members = new Set(bridge.channels);
  if (!members.has(session.customerChannelId) || !members.has(session.agentChannelId)) return;
  const now = ctx.now();
  const connected = await ctx.sessions.connectCall(sessionId, bridge.id, now);
  if (!connected.ok || !connected.changed) return;
  await ctx.events.publish("call_bridged_successfully", callBridged(connected.session, now), agentAndSupervisors(connected.session.agentId ?? ""));
  await publishStatusChange(ctx, connected.statusChange);
}

/**
 * Hang-up causes of an agent leg that never answered (Q.850, as in ARI ChannelDestroyed.cause):
 * 17 user busy, 18 no user responding, 19 no answer from user (user alerting).
 */
export function agentLegFailure(cause: number): "agent_busy" | "agent_no_answer" | "agent_unreachable" {
  if (cause === 17) return "agent_busy";
  if (cause === 18 || cause === 19) return "agent_no_answer";
  return "agent_unreachable";
}
