/** Reflects ARI ChannelStateChange of a session's channels to the screens as `call_state_changed`. */
import { ChannelState } from "@acc/shared-types";
import type { Channel } from "../ari/index.js";
import { agentAndSupervisors } from "./audience.js";
import type { CallContext } from "./context.js";

/** Publishes `call_state_changed` (change `channel_state`) for a customer or agent channel of `sessionId`. */
export async function publishChannelState(ctx: CallContext, sessionId: string, channel: Channel): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  // Only calls offered to an agent have screens showing them.
  if (!session || session.released || !session.agentId) return;
  await ctx.events.publish(
    "call_state_changed",
    {
      sessionId,
      channelId: channel.id,
      agentId: session.agentId,
      extension: session.extension ?? "",
      channelRole: channel.id === session.customerChannelId ? "customer" : "agent",
      change: "channel_state",
      state: ChannelState.safeParse(channel.state).data ?? "Unknown",
      onHold: session.onHold,
      muted: session.muted,
      timestamp: new Date(ctx.now()).toISOString(),
    },
    agentAndSupervisors(session.agentId),
  );
}
