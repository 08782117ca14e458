/**
 * What reconciliation does with one open session, decided from what ARI says is alive. A pure
 * function of the session and an ARI listing, so the table below is the whole policy:
 *
 * | session | ARI | verdict |
 * |---|---|---|
 * | any | customer channel gone or out of the Stasis app | `end` as `customer_left` (queued: abandoned) |
 * | `new` (direct call never offered) | customer in the app | `offer` again to the dialled extension |
 * | `queued` | customer in no bridge | `hold`: back into the queue's holding bridge |
 * | `queued`, `ringing` | customer in the app | `keep` (ring deadlines live in Redis) |
 * | `connecting` | agent leg answered (in the app) | `join`: bridge the two, or declare the call connected |
 * | `connecting` | agent leg still dialling | `keep` (its events will come) |
 * | `connecting` | no agent leg, answered less than {@link AGENT_LEG_GRACE_MS} ago | `defer` (the originate may be in flight) |
 * | `connecting` | no agent leg | `missed` as `agent_unreachable` (queue calls return to their queue) |
 * | `connected` | agent leg gone, no transfer pending | `end` as `agent_left` (the agent hung up) |
 * | `connected` | both channels in the app | `keep`: the call goes on |
 */
import type { Bridge, Channel } from "../ari/index.js";
import type { SessionRecord } from "../state/index.js";
import { bridgeIdForSession } from "../calls/stasis-args.js";

/**
 * How long (ms) after `answer_call` a connecting session may have no agent leg on Asterisk yet:
 * the originate is one REST request (5 s timeout), so twice that.
 */
export const AGENT_LEG_GRACE_MS = 10_000;

/** What ARI listed, indexed for the verdicts. */
export interface AriListing {
  /** Every channel Asterisk has, by id. */
  channels: ReadonlyMap<string, Channel>;
  /** Every bridge Asterisk has, by id. */
  bridges: ReadonlyMap<string, Bridge>;
  /** Ids of channels currently in a bridge. */
  bridged: ReadonlySet<string>;
  /** The Stasis app this server registers (ARI_APP). */
  app: string;
}

/** What to do with one session; see the table in this file's header. */
export type SessionVerdict =
  | { action: "keep" }
  | { action: "end"; how: "customer_left" | "agent_left" }
  | { action: "offer" }
  | { action: "hold" }
  | { action: "join"; agentLeg: Channel; bridge: Bridge | null }
  | { action: "missed" }
  | { action: "defer" };

/**
 * The Stasis arguments of a channel in `app` (from its dialplan location `Stasis(<app>,<args>)`),
 * or null when the channel is not in that Stasis app (dialling, in the dialplan, another app).
 */
export function stasisArgsOf(channel: Channel, app: string): string[] | null {
  if (channel.dialplan.app_name !== "Stasis") return null;
  const [name, ...args] = channel.dialplan.app_data.split(",");
  return name === app ? args : null;
}

/** Decides what reconciliation does with `session` (open) given `ari` at `now` (Unix ms). */
export function sessionVerdict(session: SessionRecord, ari: AriListing, now: number): SessionVerdict {
  const inApp = (channelId: string | null): boolean => {
    const channel = channelId ? ari.channels.get(channelId) : undefined;
    return channel !== undefined && stasisArgsOf(channel, ari.app) !== null;
  };
  if (!inApp(session.customerChannelId)) return { action: "end", how: "customer_left" };
  switch (session.state) {
    case "new":
      return session.kind === "direct" ? { action: "offer" } : { action: "keep" };
    case "queued":
      return ari.bridged.has(session.customerChannelId) ? { action: "keep" } : { action: "hold" };
    case "ringing":
    case "ended":
      return { action: "keep" };
    case "connecting": {
      const leg = session.agentChannelId ? ari.channels.get(session.agentChannelId) : undefined;
      if (leg) return inApp(leg.id) ? { action: "join", agentLeg: leg, bridge: ari.bridges.get(bridgeIdForSession(session)) ?? null } : { action: "keep" };
      if (session.answeredAt !== null && now - session.answeredAt < AGENT_LEG_GRACE_MS) return { action: "defer" };
      return { action: "missed" };
    }
    case "connected":
      // During a blind transfer the customer waits for the target: the transferring agent may have left.
      if (!inApp(session.agentChannelId) && !session.transferTo) return { action: "end", how: "agent_left" };
      return { action: "keep" };
  }
}
