/** Overflow: what happens to a queue call that waited its queue's maximum wait. */
import { announceRemoval } from "./announcements.js";
import type { CallContext } from "./context.js";
import { finishSession } from "./finish.js";
import { moveToQueue } from "./queue-entry.js";

/**
 * A waiting call reached its queue's maximum wait: it overflows into the configured queue, or is
 * hung up. Calls no longer waiting are left alone.
 */
export async function overflowQueueCall(ctx: CallContext, sessionId: string): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.state !== "queued" || !session.queueNumber) return;
  const { overflow } = ctx.queues.get(session.queueNumber);
  if (overflow.action === "queue") {
    const moved = await moveToQueue(ctx, sessionId, overflow.queueNumber);
    if (moved) await announceRemoval(ctx, moved.previous, "overflow");
    return;
  }
  await finishSession(ctx, sessionId, { kind: "overflow" });
}

