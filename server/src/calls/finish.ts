/**
 * The one place a session ends. Every ending (reject, ring timeout, agent leg failure, customer
 * hang-up, agent hang-up, hang-up from a screen, refusal) releases the capacity slot through the
 * exactly-once `releaseSlot` transition; only the caller that actually released it publishes the
 * event and cleans up ARI, so repeated or reordered ARI events cannot double-release or double-emit.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { SessionRecord } from "../state/index.js";
import { hangUp, releaseAgentSide } from "./ari-cleanup.js";
import { announceRemoval, publishTransferState } from "./announcements.js";
import { agentAndSupervisors, supervisorsOnly } from "./audience.js";
import type { CallContext } from "./context.js";
import { distributeForAgent } from "./distribution.js";
import { agentRejected, callEnded, customerLeft } from "./payloads.js";
import { publishStatusChange } from "./status-events.js";

type RejectReason = EventPayloadMap["agent_rejected_call"]["reason"];

/** How a session ended; decides the event sent and what ARI clean-up is left to do. */
export type SessionEnding =
  /** The offer did not reach the agent (screen reject, ring timeout, agent leg failed). */
  | { kind: "not_reached"; reason: RejectReason; detail?: string }
  /** The customer hung up (StasisEnd of the customer channel). */
  | { kind: "customer_left"; reason: EventPayloadMap["customer_left_bridge"]["reason"] }
  /** The agent's leg hung up while connected. */
  | { kind: "agent_left" }
  /** `hangup_call` from the agent's screen or a supervisor's. */
  | { kind: "hung_up_from_screen"; endedBy: "agent" | "supervisor" }
  /** The call could not be offered at all. */
  /** `agentId`: the agent the call was for; a refused call never held its slot, so the session does not name it. */
  | { kind: "refused"; reason: EventPayloadMap["call_refused"]["reason"]; agentId?: string }
  /** The agent's blind transfer to another agent was answered: the customer now belongs to the target. */
  | { kind: "transferred"; to: string }
  /** A waiting call reached its queue's maximum wait and the queue's overflow hangs it up. */
  | { kind: "overflow" };

/** The end reason stored on the session (`endReason`), for statistics and post-mortems. */
function endReason(ending: SessionEnding): string {
  switch (ending.kind) {
    case "not_reached":
      return ending.reason;
    case "customer_left":
      return "customer_left";
    case "agent_left":
      return "agent_hangup";
    case "hung_up_from_screen":
      return `${ending.endedBy}_hangup`;
    case "refused":
      return `refused_${ending.reason}`;
    case "transferred":
      return "transferred";
    case "overflow":
      return "queue_overflow";
  }
}

/** After-call work (ms) an ending gives the agent: the queue's wrap-up time for a connected queue call. */
function wrapUpMs(ctx: CallContext, session: SessionRecord, ending: SessionEnding): number {
  if (session.kind !== "queue" || !session.queueNumber || ending.kind === "transferred") return 0;
  return ctx.queues.get(session.queueNumber).wrapUpS * 1000;
}

/**
 * Ends `sessionId` as `ending` says (`read`: the session as the caller just read it, sparing a
 * read). Returns the session as it was before it ended when this call released it, or null when it
 * was already released (then nothing is sent or hung up).
 *
 * The customer channel is hung up only by the session that owns it (the channel index): during a
 * transfer the transferring session owns it until the target answers, then the target does. A
 * transferring session that ends otherwise takes its pending transfer with it; a transfer's target
 * that ends before owning the customer hands the call back ({@link cancelTransfer}).
 */
export async function finishSession(ctx: CallContext, sessionId: string, ending: SessionEnding, read?: SessionRecord): Promise<SessionRecord | null> {
  const current = read?.sessionId === sessionId ? read : await ctx.sessions.getSession(sessionId);
  if (!current || current.released) return null;
  // Only a session in a transfer can have handed its customer channel over (or not yet received it).
  const inTransfer = current.transferTo !== null || current.transferredFrom !== null;
  const ownsCustomer = !inTransfer || (await ctx.sessions.sessionIdByChannel(current.customerChannelId)) === sessionId;
  const now = ctx.now();
  const released = await ctx.sessions.releaseSlot(sessionId, endReason(ending), now, wrapUpMs(ctx, current, ending));
  if (!released.ok || !released.released) return null;
  const session = released.session;
  await publishEnding(ctx, session, ending, now);
  await publishStatusChange(ctx, released.statusChange);
  await recordQueueFigures(ctx, session, ending, now);
  if (session.bridgedAt !== null && session.agentId) {
    await ctx.stats.recordAgentCall(session.agentId, now - session.bridgedAt, now).catch((error) => ctx.logger.warn({ err: error }, "could not record an agent's handled call for the statistics"));
  }
  await cleanUpAri(ctx, session, ending, ownsCustomer);
  if (session.transferTo && ownsCustomer && ending.kind !== "transferred") {
    await finishSession(ctx, session.transferTo, { kind: "customer_left", reason: "customer_disconnected" });
  }
  if (session.transferredFrom && !ownsCustomer) await cancelTransfer(ctx, session);
  if (released.statusChange?.capacity.canTakeCall && session.agentId) distributeForAgent(ctx, session.agentId);
  return session;
}

/** Abandoned calls and handle times for the queue statistics. */
async function recordQueueFigures(ctx: CallContext, session: SessionRecord, ending: SessionEnding, now: number): Promise<void> {
  if (session.kind !== "queue" || !session.queueNumber) return;
  if (session.state === "queued" && ending.kind === "customer_left") {
    await ctx.stats.recordQueueAbandoned(session.queueNumber, session.sessionId, now - (session.queueEnteredAt ?? session.createdAt), now);
  }
  if (session.bridgedAt !== null) await ctx.stats.recordHandleTime(session.queueNumber, session.sessionId, now - session.bridgedAt, now);
  ctx.statsChanged();
}

async function publishEnding(ctx: CallContext, session: SessionRecord, ending: SessionEnding, now: number): Promise<void> {
  const agentId = session.agentId;
  if (session.state === "queued") {
    // Still waiting in the queue: an abandoned call, one a supervisor hung up, or an overflow.
    await announceRemoval(ctx, session, ending.kind === "customer_left" ? "abandoned" : ending.kind === "overflow" ? "overflow" : "hung_up");
    return;
  }
  switch (ending.kind) {
    case "not_reached":
      if (agentId) await ctx.events.publish("agent_rejected_call", agentRejected(session, now, ending.reason, ending.detail), agentAndSupervisors(agentId));
      return;
    case "customer_left":
      if (agentId) await ctx.events.publish("customer_left_bridge", customerLeft(session, now, ending.reason), agentAndSupervisors(agentId));
      return;
    case "agent_left":
      if (agentId) await ctx.events.publish("call_ended_normally", callEnded(session, now, "agent"), agentAndSupervisors(agentId));
      return;
    case "hung_up_from_screen":
      if (agentId) await ctx.events.publish("call_ended_normally", callEnded(session, now, ending.endedBy), agentAndSupervisors(agentId));
      return;
    case "transferred":
      if (agentId) await ctx.events.publish("call_ended_normally", { ...callEnded(session, now, "agent"), transferredTo: ending.to }, agentAndSupervisors(agentId));
      return;
    case "overflow":
      return;
    case "refused": {
      const refusedFor = ending.agentId ?? agentId;
      await ctx.events.publish(
        "call_refused",
        {
          sessionId: session.sessionId,
          channelId: session.customerChannelId,
          extension: session.extension ?? "",
          ...(refusedFor ? { agentId: refusedFor } : {}),
          customerNumber: session.customerNumber,
          callerName: session.callerName,
          reason: ending.reason,
          timestamp: new Date(now).toISOString(),
        },
        supervisorsOnly,
      );
      return;
    }
  }
}

async function cleanUpAri(ctx: CallContext, session: SessionRecord, ending: SessionEnding, ownsCustomer: boolean): Promise<void> {
  // A customer who never reached an agent hears busy (cause 17), as a busy line would give;
  // an unknown extension gets "unallocated number" (cause 1) so the carrier can tell the difference.
  const customerReason =
    ending.kind === "refused" && ending.reason === "unknown_extension"
      ? "unallocated"
      : ending.kind === "not_reached" || ending.kind === "refused"
        ? "busy"
        : "normal";
  const customer = ending.kind !== "customer_left" && ending.kind !== "transferred" && ownsCustomer ? hangUp(ctx, session.customerChannelId, customerReason) : undefined;
  await Promise.all([customer, releaseAgentSide(ctx, session, ending.kind === "agent_left")]);
}

/**
 * The transfer's target session ended before taking the customer over: the call stays with the
 * transferring agent, whose leg is still up; if that leg is gone too, the call ends.
 */
export async function cancelTransfer(ctx: CallContext, target: SessionRecord): Promise<void> {
  const fromId = target.transferredFrom;
  if (!fromId) return;
  const cancelled = await ctx.transfers.cancelTransfer(fromId, target.sessionId);
  if (!cancelled.ok || !cancelled.cancelled) return;
  const original = cancelled.session;
  if (original.released) return;
  const legUp = original.agentChannelId
    ? await ctx.ari.getChannel(original.agentChannelId).then(
        () => true,
        () => false,
      )
    : false;
  if (!legUp) {
    await finishSession(ctx, fromId, { kind: "agent_left" });
    return;
  }
  await ctx.ari.stopMoh(original.customerChannelId).catch((error) => ctx.logger.warn({ err: error, sessionId: fromId }, "could not stop music on hold"));
  await publishTransferState(ctx, original, false);
}
