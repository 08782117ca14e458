/**
 * Reconciliation: makes the sessions in Redis and the channels and bridges on Asterisk agree
 * again after this server missed ARI events (a restart, a `kill -9`, an ARI WebSocket cut, an
 * Asterisk restart, a Redis outage that made event handling fail).
 *
 * Order matters: the open sessions are read from Redis before Asterisk is listed, so every session
 * considered existed before the listing, and a customer channel missing from it is really gone
 * (sessions are created after their channel's StasisStart). Each session is then handled under its
 * own serial key and read again, so nothing handled concurrently by live events is decided twice;
 * every ending goes through the exactly-once release (`finishSession`), so capacity is released and
 * statistics recorded once whatever else ends the session at the same time.
 */
import type { Bridge, Channel } from "../ari/index.js";
import type { CallContext } from "../calls/context.js";
import { agentLegEntered, channelEnteredBridge } from "../calls/connect.js";
import { finishSession } from "../calls/finish.js";
import { missedOffer } from "../calls/missed-offer.js";
import { offerToAgent } from "../calls/offer.js";
import { placeInHoldingBridge } from "../calls/queue-entry.js";
import { sessionVerdict, type AriListing } from "./session-verdict.js";
import { settleStrayChannels } from "./stray-channels.js";
import { destroyStrayBridges } from "./stray-bridges.js";

/** What one reconciliation did, by kind; logged at info as the summary. */
export interface ReconcileSummary {
  /** Open sessions in Redis that were compared with Asterisk. */
  sessionsChecked: number;
  /** Sessions ended because a channel of theirs was gone (capacity released once). */
  sessionsEnded: number;
  /** Offers whose agent leg was gone: direct calls ended, queue calls back in their queue. */
  offersMissed: number;
  /** Direct calls left unoffered (`new`) offered again. */
  sessionsOffered: number;
  /** Queued callers put back into their holding bridge. */
  callersHeld: number;
  /** Answered agent legs brought into their session's bridge, or calls declared connected. */
  callsJoined: number;
  /** Connecting sessions too young to judge (their originate may be in flight); checked again later. */
  sessionsDeferred: number;
  /** Customer channels in the Stasis app that Redis did not know, taken in as new calls. */
  channelsAdopted: number;
  /** Channels in the Stasis app that belong to no open session (orphan agent legs, ended calls). */
  channelsHungUp: number;
  /** Bridges this server created that hold nobody's call any more. */
  bridgesDestroyed: number;
}

/** Lists channels and bridges and indexes them for the verdicts. @throws AriError */
export async function listAri(ctx: CallContext): Promise<AriListing & { channelList: Channel[]; bridgeList: Bridge[] }> {
  const [channelList, bridgeList] = await Promise.all([ctx.ari.listChannels(), ctx.ari.listBridges()]);
  return {
    channelList,
    bridgeList,
    channels: new Map(channelList.map((c) => [c.id, c])),
    bridges: new Map(bridgeList.map((b) => [b.id, b])),
    bridged: new Set(bridgeList.flatMap((b) => b.channels)),
    app: ctx.settings.app,
  };
}

/**
 * Compares every open session with Asterisk and repairs what disagrees (see `session-verdict.ts`
 * for the policy), then settles channels in the Stasis app that no session owns and destroys the
 * server's bridges left without a call. Each repaired item is logged at info, and the counts once.
 * @throws AriError when Asterisk cannot be listed, or a Redis error when Redis is unavailable;
 *   whatever was repaired before stays repaired, and a later run finishes the rest.
 */
export async function reconcileWithAri(ctx: CallContext): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = {
    sessionsChecked: 0,
    sessionsEnded: 0,
    offersMissed: 0,
    sessionsOffered: 0,
    callersHeld: 0,
    callsJoined: 0,
    sessionsDeferred: 0,
    channelsAdopted: 0,
    channelsHungUp: 0,
    bridgesDestroyed: 0,
  };
  const open = await ctx.sessions.listOpenSessions();
  const ari = await listAri(ctx);
  summary.sessionsChecked = open.length;
  for (const listed of open) {
    await ctx.serial.run(listed.sessionId, () => repairSession(ctx, listed.sessionId, ari, summary));
  }
  const channels = await settleStrayChannels(ctx, ari.channelList, new Set(open.flatMap((s) => [s.customerChannelId, s.agentChannelId ?? ""])));
  summary.channelsAdopted = channels.adopted;
  summary.channelsHungUp = channels.hungUp;
  summary.bridgesDestroyed = await destroyStrayBridges(ctx);
  ctx.logger.info({ ...summary }, "reconciled the sessions in Redis with the channels and bridges on Asterisk");
  return summary;
}

async function repairSession(ctx: CallContext, sessionId: string, ari: AriListing, summary: ReconcileSummary): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released) return;
  let verdict = sessionVerdict(session, ari, ctx.now());
  // A customer channel gone from the listing stays gone (it existed before the session was read).
  // A verdict on the agent leg is judged again on a fresh listing: a leg originated after the
  // listing is missing from it though it is up (ending the call as the agent's hang-up would leave
  // that leg in the app with no session), and a join acts on bridge membership live events change.
  if (verdict.action === "join" || verdict.action === "missed" || (verdict.action === "end" && verdict.how === "agent_left")) {
    verdict = sessionVerdict(session, await listAri(ctx), ctx.now());
  }
  const log = (what: string) => ctx.logger.info({ sessionId, state: session.state, customerChannelId: session.customerChannelId, agentChannelId: session.agentChannelId }, what);
  switch (verdict.action) {
    case "keep":
      return;
    case "end": {
      const ending = verdict.how === "customer_left" ? ({ kind: "customer_left", reason: "customer_disconnected" } as const) : ({ kind: "agent_left" } as const);
      if (await finishSession(ctx, sessionId, ending, session)) {
        summary.sessionsEnded += 1;
        log(verdict.how === "customer_left" ? "reconciliation: the customer channel is gone; session ended" : "reconciliation: the agent leg is gone; session ended");
      }
      return;
    }
    case "offer": {
      const agent = session.extension ? await ctx.agents.findByExtension(session.extension) : null;
      if (agent) await offerToAgent(ctx, session, agent);
      else await finishSession(ctx, sessionId, { kind: "refused", reason: "unknown_extension" }, session);
      summary.sessionsOffered += 1;
      log("reconciliation: a direct call that was never offered; offered again");
      return;
    }
    case "hold":
      await placeInHoldingBridge(ctx, session);
      summary.callersHeld += 1;
      log("reconciliation: a waiting caller outside the holding bridge; put back");
      return;
    case "join": {
      const both = verdict.bridge && session.agentChannelId && verdict.bridge.channels.includes(session.customerChannelId) && verdict.bridge.channels.includes(session.agentChannelId);
      if (both && verdict.bridge) await channelEnteredBridge(ctx, sessionId, verdict.bridge);
      else await agentLegEntered(ctx, verdict.agentLeg, sessionId);
      summary.callsJoined += 1;
      log("reconciliation: the agent leg answered while its events were missed; call joined");
      return;
    }
    case "missed":
      await missedOffer(ctx, sessionId, "agent_unreachable", "the agent leg is gone from Asterisk");
      summary.offersMissed += 1;
      log("reconciliation: a connecting call without an agent leg; offer ended");
      return;
    case "defer":
      summary.sessionsDeferred += 1;
      return;
  }
}
