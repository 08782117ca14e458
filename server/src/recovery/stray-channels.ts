/**
 * Channels in the Stasis app that no open session owns. A customer channel Redis never heard of
 * (its StasisStart was missed or its handling failed) is adopted: it is taken in as the new call
 * its Stasis arguments say (a direct call is offered, a queue call waits in its queue). Anything
 * else is hung up: agent legs whose session ended or moved on to another offer, channels of
 * sessions that already ended, and channels with arguments the server does not understand.
 */
import type { Channel } from "../ari/index.js";
import { hangUp } from "../calls/ari-cleanup.js";
import type { CallContext } from "../calls/context.js";
import { offerDirectCall } from "../calls/offer.js";
import { enqueueCall } from "../calls/queue-entry.js";
import { classifyStasisArgs, sessionIdForChannel } from "../calls/stasis-args.js";
import { stasisArgsOf } from "./session-verdict.js";

/**
 * Adopts or hangs up every channel of `channels` that is in the Stasis app and not in `owned` (the
 * channel ids of the open sessions read before the listing). A channel whose session was opened
 * after that read is left alone. Returns how many were adopted and hung up.
 */
export async function settleStrayChannels(ctx: CallContext, channels: readonly Channel[], owned: ReadonlySet<string>): Promise<{ adopted: number; hungUp: number }> {
  let adopted = 0;
  let hungUp = 0;
  for (const channel of channels) {
    const args = stasisArgsOf(channel, ctx.settings.app);
    if (args === null || owned.has(channel.id)) continue;
    const indexed = await ctx.sessions.sessionIdByChannel(channel.id);
    const entry = classifyStasisArgs(args);
    const sessionId = indexed ?? (entry.kind === "direct" || entry.kind === "queue" ? sessionIdForChannel(channel.id) : null);
    const session = sessionId ? await ctx.sessions.getSession(sessionId) : null;
    if (session && !session.released && (session.customerChannelId === channel.id || session.agentChannelId === channel.id)) continue;
    if (!session && (entry.kind === "direct" || entry.kind === "queue")) {
      const id = sessionIdForChannel(channel.id);
      await ctx.serial.run(id, () => (entry.kind === "direct" ? offerDirectCall(ctx, channel, entry.extension) : enqueueCall(ctx, channel, entry.queueNumber)));
      adopted += 1;
      ctx.logger.info({ channelId: channel.id, args }, "reconciliation: a customer channel Redis did not know; taken in as a new call");
      continue;
    }
    await hangUp(ctx, channel.id, entry.kind === "unknown" ? "unallocated" : "normal");
    hungUp += 1;
    ctx.logger.info({ channelId: channel.id, args, sessionId }, "reconciliation: a channel in the Stasis app that belongs to no open session; hung up");
  }
  return { adopted, hungUp };
}
