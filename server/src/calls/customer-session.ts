/** Opens the session of a customer channel that just entered the Stasis app. */
import type { Channel } from "../ari/index.js";
import type { SessionRecord } from "../state/index.js";
import type { CallContext } from "./context.js";
import { sessionIdForChannel } from "./stasis-args.js";

/** Caller number and name as screens show them ("Unknown Caller" when the network gives no name). */
export function callerOf(channel: Channel): { customerNumber: string; callerName: string } {
  return { customerNumber: channel.caller?.number || "", callerName: channel.caller?.name || "Unknown Caller" };
}

/**
 * Creates the session of a customer channel (a direct call to `extension` or a queue call to
 * `queueNumber`) and records its arrival for statistics. Returns null for a repeated StasisStart of
 * the same channel (the session exists already) or a refused creation (logged).
 */
export async function openCustomerSession(
  ctx: CallContext,
  channel: Channel,
  target: { kind: "direct"; extension: string } | { kind: "queue"; queueNumber: string; maxWaitDeadline: number },
): Promise<SessionRecord | null> {
  const now = ctx.now();
  const created = await ctx.sessions.createSession(
    { sessionId: sessionIdForChannel(channel.id), customerChannelId: channel.id, ...callerOf(channel), ...target },
    now,
  );
  if (!created.ok) {
    ctx.logger.warn({ channelId: channel.id, code: created.code }, created.message);
    return null;
  }
  if (!created.created) return null;
  // A statistics write: the offer does not wait for it.
  ctx.stats.recordArrival(created.session.sessionId, now).catch((error) => ctx.logger.warn({ err: error }, "could not record a call arrival for the statistics"));
  return created.session;
}
