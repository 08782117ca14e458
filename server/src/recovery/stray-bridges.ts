/**
 * Bridges this server created that no longer carry a call: a session's mixing bridge whose session
 * ended (or moved on to another offer), and a queue's holding bridge left empty with no caller
 * waiting in that queue (the next caller creates it again). Bridges the server did not create are
 * left alone.
 */
import { destroyBridge } from "../calls/ari-cleanup.js";
import type { CallContext } from "../calls/context.js";
import { bridgeIdForSession, isSessionBridgeId, queueOfHoldingBridge } from "../calls/stasis-args.js";

/**
 * Lists the bridges and the open sessions again (after the sessions were repaired) and destroys
 * the server's bridges no open session uses. Returns how many were destroyed.
 * @throws AriError or a Redis error when either cannot be read.
 */
export async function destroyStrayBridges(ctx: CallContext): Promise<number> {
  // Bridges first: `answer_call` marks a session connecting before it creates the bridge, so the
  // session of every listed mixing bridge is in the read that follows unless it has ended.
  const bridges = await ctx.ari.listBridges();
  const open = await ctx.sessions.listOpenSessions();
  const inUse = new Set(open.map((s) => bridgeIdForSession(s)));
  const waitingQueues = new Set(open.filter((s) => s.state === "queued").map((s) => s.queueNumber ?? ""));
  let destroyed = 0;
  for (const bridge of bridges) {
    const queueNumber = queueOfHoldingBridge(bridge.id);
    const stray = isSessionBridgeId(bridge.id) ? !inUse.has(bridge.id) : queueNumber !== null && bridge.channels.length === 0 && !waitingQueues.has(queueNumber);
    if (!stray) continue;
    await destroyBridge(ctx, bridge.id);
    destroyed += 1;
    ctx.logger.info({ bridgeId: bridge.id, channels: bridge.channels }, "reconciliation: a bridge of this server that carries no call; destroyed");
  }
  return destroyed;
}
