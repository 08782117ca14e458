/**
 * Whether a customer channel still exists on Asterisk, asked when an ARI request on it failed or
 * before a waiting call is offered: a caller can leave while the server misses the StasisEnd (ARI
 * WebSocket cut, event handling failed while Redis was down). A 404 on the channel means the caller
 * is gone, and the call must end as the customer leaving, not go back to its queue.
 */
import { AriError } from "../ari/index.js";
import type { CallContext } from "./context.js";

/**
 * True when ARI answers 404 for `channelId` (GET /channels/{channelId}); false when the channel
 * exists, and also when Asterisk cannot be asked (timeout, no connection): only a definite answer
 * ends a call.
 */
export async function customerChannelGone(ctx: CallContext, channelId: string): Promise<boolean> {
  try {
    await ctx.ari.getChannel(channelId);
    return false;
  } catch (error) {
    return error instanceof AriError && error.kind === "not_found";
  }
}
