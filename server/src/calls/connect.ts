/**
 * From the agent's "answer" to a connected call: create the session's mixing bridge and originate
 * the agent leg to AGENT_ENDPOINT; when the agent leg answers (its StasisStart), answer a direct
 * caller and move the customer into the bridge with the agent leg; declare the call connected once
 * both are in it (ARI ChannelEnteredBridge). The customer keeps hearing ringing (direct call) or
 * music on hold (queue call, transfer) until the agent is actually on the line, and an agent leg
 * that fails leaves the customer where it was.
 */
import { agentEndpoint, type Bridge, type Channel } from "../ari/index.js";
import { hangUp } from "./ari-cleanup.js";
import { agentAndSupervisors } from "./audience.js";
import { CommandError, refusalToCommandError } from "./command-error.js";
import type { CallContext } from "./context.js";
import { customerChannelGone } from "./customer-presence.js";
import { finishSession } from "./finish.js";
import { missedOffer } from "./missed-offer.js";
import { callBridged } from "./payloads.js";
import { agentLegArgs, agentLegChannelId, bridgeIdForSession, holdingBridgeId } from "./stasis-args.js";
import { publishStatusChange } from "./status-events.js";
import { completeTransfer } from "./transfer.js";


/**
 * `answer_call` from the agent's screen.
 * @returns `{ sessionId, state: "connecting" }`.
 * @throws CommandError FORBIDDEN (not this agent's call), NOT_FOUND, INVALID_STATE (not ringing),
 *   UNAVAILABLE (Asterisk refused or did not answer; the offer then ends as not reached).
 */
export async function answerCall(ctx: CallContext, agentId: string, sessionId: string): Promise<Record<string, unknown>> {
  const now = ctx.now();
  const marked = await ctx.sessions.markConnecting(sessionId, agentId, now);
  if (!marked.ok) throw refusalToCommandError(marked);
  if (!marked.changed) return { sessionId, state: marked.session.state };
  await publishStatusChange(ctx, marked.statusChange, { sessions: [marked.session] });
  const session = marked.session;
  // A statistics write: connecting the call does not wait for it.
  ctx.stats.recordResponse(sessionId, now - (session.offeredAt ?? now), now).catch((error) => ctx.logger.warn({ err: error }, "could not record a response time for the statistics"));
  if (session.kind === "queue" && session.queueNumber && session.queueEnteredAt !== null) {
    await ctx.stats.recordQueueAnswered(session.queueNumber, sessionId, now - session.queueEnteredAt, now);
    ctx.statsChanged();
  }
  const agent = await ctx.agents.getAgent(agentId);
  const agentChannelId = agentLegChannelId(sessionId, session.offerCount);
  try {
    await ctx.ari.createBridge({ type: "mixing", bridgeId: bridgeIdForSession(session), name: sessionId });
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
    await missedOffer(ctx, sessionId, "agent_unreachable", String((error as Error).message ?? error));
    throw new CommandError("UNAVAILABLE", "The call could not be connected: Asterisk refused or did not answer.");
  }
  return { sessionId, state: "connecting" };
}

/** StasisStart of an agent leg: the agent is on the line, so bring the customer and the leg together. */
export async function agentLegEntered(ctx: CallContext, channel: Channel, sessionId: string): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.agentChannelId !== channel.id) {
    // A leg for a call that has already ended, or not ours: do not leave it up.
    await hangUp(ctx, channel.id, "normal");
    return;
  }
  const bridgeId = bridgeIdForSession(session);
  try {
    if (session.kind === "direct" && !session.transferredFrom) await ctx.ari.answerChannel(session.customerChannelId);
    if (session.transferredFrom) await ctx.ari.stopMoh(session.customerChannelId).catch(() => undefined);
    if (session.kind === "queue" && session.queueNumber) {
      await ctx.ari.removeChannelFromBridge(holdingBridgeId(session.queueNumber), session.customerChannelId).catch(() => undefined);
    }
    await ctx.ari.addChannelsToBridge(bridgeId, [session.customerChannelId, channel.id]);
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId }, "could not bring customer and agent leg into the bridge");
    // "Channel not found" for the customer means the caller left: end the call, never re-queue it.
    if (await customerChannelGone(ctx, session.customerChannelId)) {
      await finishSession(ctx, sessionId, { kind: "customer_left", reason: "customer_disconnected" });
      return;
    }
    await missedOffer(ctx, sessionId, "agent_unreachable", "could not join the bridge");
  }
}

/**
 * ChannelEnteredBridge: when both the customer and the agent leg are in the session's bridge the call
 * is connected, once; `call_bridged_successfully` starts the screens' timers. A transfer's target
 * session then takes the customer over from the transferring agent.
 */
export async function channelEnteredBridge(ctx: CallContext, sessionId: string, bridge: Bridge): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || bridgeIdForSession(session) !== bridge.id || !session.agentChannelId) return;
  const members = new Set(bridge.channels);
  if (!members.has(session.customerChannelId) || !members.has(session.agentChannelId)) return;
  const now = ctx.now();
  const connected = await ctx.sessions.connectCall(sessionId, bridge.id, now);
  if (!connected.ok || !connected.changed) return;
  await ctx.events.publish("call_bridged_successfully", callBridged(connected.session, now), agentAndSupervisors(connected.session.agentId ?? ""));
  await publishStatusChange(ctx, connected.statusChange, { sessions: [connected.session] });
  if (connected.session.transferredFrom) await completeTransfer(ctx, connected.session);
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
