/**
 * The ending of a call whose customer channel ARI reports gone (404) although no StasisEnd said so:
 * the session ends once as the customer leaving (`finishSession`'s exactly-once release), in the
 * session's serial order. Wired as the call flow's `customerGone` hook.
 */
import type { CallContext } from "../calls/context.js";
import { finishSession } from "../calls/finish.js";

/** Ends `sessionId` as `customer_left` (reason `customer_disconnected`); nothing when already ended. */
export async function endGoneCustomer(ctx: CallContext, sessionId: string): Promise<void> {
  await ctx.serial.run(sessionId, async () => {
    const ended = await finishSession(ctx, sessionId, { kind: "customer_left", reason: "customer_disconnected" });
    if (ended) ctx.logger.info({ sessionId, customerChannelId: ended.customerChannelId, state: ended.state }, "the customer channel is gone on Asterisk; session ended");
  });
}
