/**
 * What a StasisStart's arguments say about the channel. The dialplan
 * (`asterisk-config/extensions.conf`) runs `Stasis(<app>,agent,<extension>)` for a direct call and
 * `Stasis(<app>,queue,<number>)` for a queue call; the server originates agent legs with
 * `appArgs=agent_leg,<sessionId>` (ARI `StasisStart.args` are the Stasis() arguments after the app
 * name, or the originate's `appArgs` split on commas).
 */

/** A classified StasisStart. */
export type StasisEntry =
  | { kind: "direct"; extension: string }
  | { kind: "queue"; queueNumber: string }
  | { kind: "agent_leg"; sessionId: string }
  | { kind: "unknown"; args: readonly string[] };

/** Classifies StasisStart arguments; anything else is `unknown` and is not taken for a customer. */
export function classifyStasisArgs(args: readonly string[]): StasisEntry {
  const [kind, value] = args;
  if (args.length === 2 && value && /^[0-9*#+]{1,32}$/.test(value)) {
    if (kind === "agent") return { kind: "direct", extension: value };
    if (kind === "queue") return { kind: "queue", queueNumber: value };
  }
  if (args.length === 2 && kind === "agent_leg" && value) return { kind: "agent_leg", sessionId: value };
  return { kind: "unknown", args };
}

/** The Stasis arguments of an agent leg originated for `sessionId`. */
export const agentLegArgs = (sessionId: string): readonly string[] => ["agent_leg", sessionId];

/**
 * The channel id the server chooses for a session's agent leg (ARI originate `channelId`). A queue
 * call may be offered several times; each offer (`offerCount`, from 1) gets its own leg.
 */
export const agentLegChannelId = (sessionId: string, offerCount = 1): string =>
  offerCount <= 1 ? `${sessionId}-agent` : `${sessionId}-agent-${offerCount}`;

/** The session id of a customer channel: derived from the channel id, so a repeated StasisStart maps to the same session. */
export const sessionIdForChannel = (channelId: string): string => `call-${channelId}`;

/** The mixing bridge id of a session's current offer (`offerCount` from 1; see `agentLegChannelId`). */
export const bridgeIdForSession = ({ sessionId, offerCount }: { sessionId: string; offerCount: number }): string =>
  offerCount <= 1 ? `bridge-${sessionId}` : `bridge-${sessionId}-${offerCount}`;

/** The holding bridge where a queue's callers wait with music on hold (one per queue). */
export const holdingBridgeId = (queueNumber: string): string => `queue-${queueNumber}-holding`;

/** True for the id of a session's mixing bridge (see `bridgeIdForSession`): created by this server. */
export const isSessionBridgeId = (bridgeId: string): boolean => bridgeId.startsWith("bridge-");

/** The queue number of a holding bridge id (see `holdingBridgeId`), or null for any other bridge. */
export const queueOfHoldingBridge = (bridgeId: string): string | null => /^queue-(.+)-holding$/.exec(bridgeId)?.[1] ?? null;
