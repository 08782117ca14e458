/**
 * The one place a session ends. Every ending (reject, ring timeout, agent leg failure, customer
 * hang-up, agent hang-up, hang-up from a screen, refusal) releases the capacity slot through the
 * exactly-once `releaseSlot` transition; only the caller that actually released it publishes the
 * event and cleans up ARI, so repeated or reordered ARI events cannot double-release or double-emit.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { SessionRecord } from "../state/index.js";
import { destroyBridge, hangUp } from "./ari-cleanup.js";
import { agentAndSupervisors, supervisorsOnly } from "./audiences.js";
import type { CallContext } from "./context.js";
import { agentRejected, callEnded, customerLeft, wholeSeconds } from "./payloads.js";
import { publishStatusChange } from "./status-events.js";
import { bridgeIdForSession } from "./stasis-args.js";

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
  | { kind: "refused"; reason: EventPayloadMap["call_refused"]["reason"] };

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
  }
}

/**
 * Ends `sessionId` as `ending` says. Returns the session as it was before it ended when this call
 * released it, or null when it was already released (then nothing is sent or hung up).
 */
export async function finishSession(ctx: CallContext, sessionId: string, ending: SessionEnding): Promise<SessionRecord | null> {
  const now = ctx.now();
  const released = await ctx.sessions.releaseSlot(sessionId, endReason(ending), now);
  if (!released.ok || !released.released) return null;
  const session = released.session;
  await publishEnding(ctx, session, ending, now);
  await publishStatusChange(ctx, released.statusChange);
  await cleanUpAri(ctx, session, ending);
  return session;
}

async function publishEnding(ctx: CallContext, session: SessionRecord, ending: SessionEnding, now: number): Promise<void> {
  const agentId = session.agentId;
  if (session.kind === "queue" && !agentId && (ending.kind === "customer_left" || ending.kind === "hung_up_from_screen")) {
    // Still waiting in the queue: an abandoned call, or one a supervisor hung up.
    await ctx.events.publish(
      "queue_call_removed",
      {
        sessionId: session.sessionId,
        queueNumber: session.queueNumber ?? "",
        reason: ending.kind === "customer_left" ? "abandoned" : "hung_up",
        waitedSeconds: wholeSeconds(session.createdAt, now),
        timestamp: new Date(now).toISOString(),
      },
      supervisorsOnly,
    );
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
    case "refused":
      await ctx.events.publish(
        "call_refused",
        {
          sessionId: session.sessionId,
          channelId: session.customerChannelId,
          extension: session.extension ?? "",
          ...(agentId ? { agentId } : {}),
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

async function cleanUpAri(ctx: CallContext, session: SessionRecord, ending: SessionEnding): Promise<void> {
  // A customer who never reached an agent hears busy (cause 17), as a busy line would give;
  // an unknown extension gets "unallocated number" (cause 1) so the carrier can tell the difference.
  const customerReason =
    ending.kind === "refused" && ending.reason === "unknown_extension"
      ? "unallocated"
      : ending.kind === "not_reached" || ending.kind === "refused"
        ? "busy"
        : "normal";
  const tasks: Promise<void>[] = [];
  if (ending.kind !== "customer_left") tasks.push(hangUp(ctx, session.customerChannelId, customerReason));
  if (ending.kind !== "agent_left") tasks.push(hangUp(ctx, session.agentChannelId, "normal"));
  await Promise.all(tasks);
  // The bridge exists from the agent's answer on; its id is derived from the session's.
  if (session.answeredAt !== null) await destroyBridge(ctx, bridgeIdForSession(session.sessionId));
}
