/**
 * An offer that did not reach its agent: the agent rejected it, the ring timeout passed, or the
 * agent leg failed. A queue call goes back to its queue at its old place (same priority, same
 * entry time) and supervisors see it waiting again; a direct call ends (the customer hears busy);
 * a transfer's target session ends and the call stays with the transferring agent.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import { releaseAgentSide } from "./ari-cleanup.js";
import { announceQueueCall } from "./announcements.js";
import { agentAndSupervisors } from "./audience.js";
import type { CallContext } from "./context.js";
import { distributeSoon } from "./distribution.js";
import { finishSession } from "./finish.js";
import { agentRejected } from "./payloads.js";
import { placeInHoldingBridge } from "./queue-entry.js";
import { publishStatusChange } from "./status-events.js";

type RejectReason = EventPayloadMap["agent_rejected_call"]["reason"];

/** Ends or re-queues the offer of `sessionId` as `reason` says. Repeated calls change nothing. */
export async function missedOffer(ctx: CallContext, sessionId: string, reason: RejectReason, detail?: string): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released) return;
  if (session.kind !== "queue" || session.transferredFrom || (session.state !== "ringing" && session.state !== "connecting")) {
    await finishSession(ctx, sessionId, { kind: "not_reached", reason, ...(detail ? { detail } : {}) });
    return;
  }
  const now = ctx.now();
  const requeued = await ctx.queueStore.requeueSession(sessionId, null, now);
  if (!requeued.ok) {
    ctx.logger.warn({ sessionId, code: requeued.code }, requeued.message);
    return;
  }
  const previous = requeued.previous;
  await ctx.events.publish(
    "agent_rejected_call",
    { ...agentRejected(previous, now, reason, detail), returnedToQueue: true },
    agentAndSupervisors(previous.agentId ?? ""),
  );
  await publishStatusChange(ctx, requeued.statusChange);
  await releaseAgentSide(ctx, previous);
  // The customer may have been moved toward the agent already; put it back with the other callers.
  await placeInHoldingBridge(ctx, requeued.session);
  await announceQueueCall(ctx, requeued.session);
  ctx.statsChanged();
  distributeSoon(ctx, requeued.session.queueNumber ?? "", previous.agentId ? [previous.agentId] : []);
}
