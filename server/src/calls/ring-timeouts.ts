/**
 * Ends offers nobody answered within the ring timeout. Deadlines live in Redis (a sorted set written
 * by the reservation), so they survive a restart; claiming them is atomic, so with several server
 * processes each expiry is handled once.
 */
import type { CallContext } from "./context.js";
import { missedOffer } from "./missed-offer.js";

/** How often deadlines are checked (ms): the ring timeout's resolution. */
export const RING_TIMEOUT_POLL_MS = 250;

/** Claims the deadlines due now; offers still ringing end (or go back to their queue) as `ring_timeout`. */
export async function expireDueOffers(ctx: CallContext): Promise<number> {
  const due = await ctx.sessions.claimDueRingTimeouts(ctx.now(), 100);
  await Promise.all(
    due.map((sessionId) =>
      ctx.serial.run(sessionId, async () => {
        const session = await ctx.sessions.getSession(sessionId);
        // Answered in the meantime: the answer removed the deadline, nothing to do.
        if (session?.state !== "ringing") return;
        await missedOffer(ctx, sessionId, "ring_timeout");
      }),
    ),
  );
  return due.length;
}

/** Starts polling; returns a function that stops it. Errors are logged and polling continues. */
export function startRingTimeouts(ctx: CallContext): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireDueOffers(ctx)
      .catch((error) => ctx.logger.warn({ err: error }, "ring-timeout check failed; retrying"))
      .finally(() => (running = false));
  }, RING_TIMEOUT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
