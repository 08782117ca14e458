/**
 * Queue calls (`queue,<number>`): the customer is answered and waits in the queue's holding bridge
 * with music on hold, ordered in Redis by priority then entry time. A call enters a queue at its
 * StasisStart, or moves into one (moved by a supervisor, transferred by an agent, overflowed); each
 * entry is announced to supervisors and triggers distribution.
 */
import { AriError, type Channel } from "../ari/index.js";
import type { SessionRecord, StatusChange } from "../state/index.js";
import { announceQueueCall } from "./announcements.js";
import type { CallContext } from "./context.js";
import { openCustomerSession } from "./customer-session.js";
import { maxWaitDeadline } from "./deadlines.js";
import { distributeSoon } from "./distribution.js";
import { holdingBridgeId } from "./stasis-args.js";

/**
 * Puts the waiting customer into its queue's holding bridge (created on first use, with music on
 * hold for everyone in it). Failures are logged: the call still waits in Redis and can be assigned.
 */
export async function placeInHoldingBridge(ctx: CallContext, session: SessionRecord): Promise<void> {
  if (!session.queueNumber) return;
  const bridgeId = holdingBridgeId(session.queueNumber);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await ctx.ari.addChannelsToBridge(bridgeId, [session.customerChannelId]);
      return;
    } catch (error) {
      if (!(error instanceof AriError && error.kind === "not_found") || attempt > 0) {
        ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not put the caller in the holding bridge");
        return;
      }
      try {
        await ctx.ari.createBridge({ type: "holding", bridgeId, name: `queue ${session.queueNumber}` });
        await ctx.ari.startBridgeMoh(bridgeId);
      } catch (createError) {
        // Another node or an earlier call created it first (409): use it.
        if (!(createError instanceof AriError && createError.kind === "conflict")) {
          ctx.logger.warn({ err: createError, sessionId: session.sessionId }, "could not create the holding bridge");
        }
      }
    }
  }
}

/** Handles the StasisStart of a queue call. A repeated StasisStart does nothing. */
export async function enqueueCall(ctx: CallContext, channel: Channel, queueNumber: string): Promise<void> {
  const now = ctx.now();
  const session = await openCustomerSession(ctx, channel, { kind: "queue", queueNumber, maxWaitDeadline: maxWaitDeadline(ctx, queueNumber, now) });
  if (!session) return;
  try {
    await ctx.ari.answerChannel(channel.id);
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not answer the queue call");
  }
  await placeInHoldingBridge(ctx, session);
  await announceQueueCall(ctx, session);
  ctx.statsChanged();
  distributeSoon(ctx, queueNumber);
}

/**
 * Moves a session into another queue (a waiting call moved by a supervisor, a connected call an
 * agent transferred to a queue, a call that waited its queue's maximum): it waits there anew, in
 * that queue's holding bridge. Returns the session before and after and the status change of the
 * agent it left (null without one), or null when refused (logged).
 */
export async function moveToQueue(
  ctx: CallContext,
  sessionId: string,
  queueNumber: string,
): Promise<{ previous: SessionRecord; session: SessionRecord; statusChange: StatusChange | null } | null> {
  const now = ctx.now();
  const moved = await ctx.queueStore.requeueSession(sessionId, queueNumber, now, maxWaitDeadline(ctx, queueNumber, now));
  if (!moved.ok) {
    ctx.logger.warn({ sessionId, queueNumber, code: moved.code }, moved.message);
    return null;
  }
  await placeInHoldingBridge(ctx, moved.session);
  await announceQueueCall(ctx, moved.session);
  ctx.statsChanged();
  distributeSoon(ctx, queueNumber);
  return { previous: moved.previous, session: moved.session, statusChange: moved.statusChange };
}
