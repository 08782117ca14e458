/**
 * Best-effort ARI clean-up after a session ended: hang up what is still up, destroy the bridge.
 * A channel or bridge that is already gone is the normal case (the far side hung up first), so
 * `not_found` and `conflict` are expected and not reported; anything else is logged, never thrown,
 * because the session's state in Redis is already final.
 */
import { AriError, type HangupReason } from "../ari/index.js";
import type { SessionRecord } from "../state/index.js";
import type { CallContext } from "./context.js";
import { bridgeIdForSession } from "./stasis-args.js";

async function quietly(ctx: CallContext, what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AriError && (error.kind === "not_found" || error.kind === "conflict")) return;
    ctx.logger.warn({ err: error }, `ARI clean-up failed: ${what}`);
  }
}

/** Hangs up a channel with an ARI hang-up reason (`normal` → cause 16, `busy` → 17, ...). */
export function hangUp(ctx: CallContext, channelId: string | null, reason: HangupReason): Promise<void> {
  if (!channelId) return Promise.resolve();
  return quietly(ctx, `hang up ${channelId}`, () => ctx.ari.hangupChannel(channelId, reason));
}

/** Destroys a bridge (ARI `DELETE /bridges/{id}`); Asterisk keeps bridges up until asked. */
export function destroyBridge(ctx: CallContext, bridgeId: string | null): Promise<void> {
  if (!bridgeId) return Promise.resolve();
  return quietly(ctx, `destroy bridge ${bridgeId}`, () => ctx.ari.destroyBridge(bridgeId));
}

/**
 * Hangs up the agent leg of `session`'s current offer (unless `legGone`: the agent hung up) and
 * destroys its mixing bridge (created when the agent answered on the screen), leaving the customer
 * channel alone.
 */
export async function releaseAgentSide(ctx: CallContext, session: SessionRecord, legGone = false): Promise<void> {
  if (!legGone) await hangUp(ctx, session.agentChannelId, "normal");
  if (session.answeredAt !== null) await destroyBridge(ctx, bridgeIdForSession(session));
}
