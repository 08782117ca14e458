/**
 * Routes typed ARI events to the call-flow steps, in order per session.
 *
 * Customer channels are recognised by their Stasis arguments (`agent,<ext>` / `queue,<n>`); agent
 * legs by the channel index in Redis written before the originate (and their `agent_leg` arguments),
 * so an agent leg coming back into the app is never taken for a new customer. Events for channels
 * the server does not know are ignored. Repeated or reordered events are harmless: every ending goes
 * through the exactly-once release.
 */
import type { AriEvent } from "../ari/index.js";
import { hangUp } from "./ari-cleanup.js";
import { agentLegEntered, agentLegFailure, channelEnteredBridge } from "./connect.js";
import type { CallContext } from "./context.js";
import { finishSession } from "./finish.js";
import { missedOffer } from "./missed-offer.js";
import { offerDirectCall } from "./offer.js";
import { retryWhileRedisAway } from "./event-retry.js";
import { enqueueCall } from "./queue-entry.js";
import { classifyStasisArgs, sessionIdForChannel } from "./stasis-args.js";
import { publishChannelState } from "./channel-state.js";

/**
 * Handles one ARI event. Never throws: a failing step is logged with the event type and channel.
 * Events of one channel are handled in arrival order, so one retried while Redis is away (see
 * `event-retry.ts`) holds back the later events of its channel instead of being overtaken by them.
 */
export async function routeAriEvent(ctx: CallContext, event: AriEvent): Promise<void> {
  const channelId = channelIdOf(event);
  const handle = async (): Promise<void> => {
    try {
      await retryWhileRedisAway(
        () => route(ctx, event),
        (error, attempt) => ctx.logger.warn({ err: error, type: event.type, channelId, attempt }, "handling an ARI event failed while Redis is unreachable; retrying"),
      );
    } catch (error) {
      ctx.logger.error({ err: error, type: event.type, channelId }, "handling an ARI event failed");
    }
  };
  await (channelId ? ctx.serial.run(`ari-channel:${channelId}`, handle) : handle());
}

/** The channel an event the call flow handles is about, or null. */
function channelIdOf(event: AriEvent): string | null {
  switch (event.type) {
    case "StasisStart":
    case "StasisEnd":
    case "ChannelDestroyed":
    case "ChannelStateChange":
      return event.channel.id;
    case "ChannelEnteredBridge":
      return event.channel?.id ?? null;
    default:
      return null;
  }
}

async function route(ctx: CallContext, event: AriEvent): Promise<void> {
  switch (event.type) {
    case "StasisStart":
      return stasisStart(ctx, event);
    case "StasisEnd":
      return channelGone(ctx, event.channel.id, "stasis_end", null);
    case "ChannelDestroyed":
      return channelGone(ctx, event.channel.id, "destroyed", event.cause);
    case "ChannelEnteredBridge": {
      if (!event.channel) return;
      const sessionId = await ctx.sessions.sessionIdByChannel(event.channel.id);
      if (sessionId) await ctx.serial.run(sessionId, () => channelEnteredBridge(ctx, sessionId, event.bridge));
      return;
    }
    case "ChannelStateChange": {
      const sessionId = await ctx.sessions.sessionIdByChannel(event.channel.id);
      if (sessionId) await ctx.serial.run(sessionId, () => publishChannelState(ctx, sessionId, event.channel));
      return;
    }
    default:
      return;
  }
}

async function stasisStart(ctx: CallContext, event: Extract<AriEvent, { type: "StasisStart" }>): Promise<void> {
  const channel = event.channel;
  const known = await ctx.sessions.sessionIdByChannel(channel.id);
  const entry = classifyStasisArgs(event.args);
  if (known && known !== sessionIdForChannel(channel.id)) {
    // A channel the server originated (agent leg), whatever its arguments say.
    await ctx.serial.run(known, () => agentLegEntered(ctx, channel, known));
    return;
  }
  switch (entry.kind) {
    case "direct":
      await ctx.serial.run(sessionIdForChannel(channel.id), () => offerDirectCall(ctx, channel, entry.extension));
      return;
    case "queue":
      await ctx.serial.run(sessionIdForChannel(channel.id), () => enqueueCall(ctx, channel, entry.queueNumber));
      return;
    case "agent_leg":
      // An agent leg whose session this server no longer knows: do not leave it up.
      await ctx.serial.run(entry.sessionId, () => agentLegEntered(ctx, channel, entry.sessionId));
      return;
    case "unknown":
      ctx.logger.warn({ channelId: channel.id, args: entry.args }, "StasisStart with unknown arguments; hanging up");
      await hangUp(ctx, channel.id, "unallocated");
      return;
  }
}

/**
 * A channel left Stasis or was destroyed. For the customer channel the customer hung up; for the
 * agent leg the agent hung up (connected) or was never reached (ringing: the Q.850 cause says why).
 */
async function channelGone(ctx: CallContext, channelId: string, how: "stasis_end" | "destroyed", cause: number | null): Promise<void> {
  const sessionId = await ctx.sessions.sessionIdByChannel(channelId);
  if (!sessionId) return;
  await ctx.serial.run(sessionId, async () => {
    const session = await ctx.sessions.getSession(sessionId);
    if (!session || session.released) return;
    if (channelId === session.customerChannelId) {
      await finishSession(ctx, sessionId, { kind: "customer_left", reason: "customer_disconnected" }, session);
      return;
    }
    if (channelId !== session.agentChannelId) return;
    if (session.state === "connected") {
      // During a blind transfer the customer waits for the target: the transferring agent may leave.
      if (session.transferTo) return;
      await finishSession(ctx, sessionId, { kind: "agent_left" }, session);
    } else if (session.state === "connecting") {
      const reason = how === "destroyed" && cause !== null ? agentLegFailure(cause) : "agent_unreachable";
      await missedOffer(ctx, sessionId, reason, cause !== null ? `hang-up cause ${cause}` : "left the Stasis app");
    }
  });
}
