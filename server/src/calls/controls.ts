/**
 * In-call controls from the agent's screen: hold (the customer hears music on hold) and mute (the
 * agent's audio into the bridge). Each is acknowledged and reflected to the screens as
 * `call_state_changed`.
 */
import type { EventPayloadMap, MuteDirection } from "@acc/shared-types";
import type { MuteState, SessionRecord } from "../state/index.js";
import { agentAndSupervisors } from "./audience.js";
import { CommandError } from "./command-error.js";
import type { CallContext } from "./context.js";
import { callStateChanged } from "./payloads.js";

type Change = EventPayloadMap["call_state_changed"]["change"];

/**
 * Loads a connected session of `agentId`.
 * @throws CommandError NOT_FOUND, FORBIDDEN (another agent's call), INVALID_STATE (not connected).
 */
export async function ownConnectedSession(ctx: CallContext, agentId: string, sessionId: string): Promise<SessionRecord> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released) throw new CommandError("NOT_FOUND", `No active call ${sessionId}.`);
  if (session.agentId !== agentId) throw new CommandError("FORBIDDEN", `Call ${sessionId} belongs to another agent.`);
  if (session.state !== "connected") {
    throw new CommandError("INVALID_STATE", `Call ${sessionId} is ${session.state}; hold and mute work on connected calls.`);
  }
  return session;
}

async function reflect(ctx: CallContext, session: SessionRecord, change: Change, onHold: boolean, muted: MuteState): Promise<void> {
  await ctx.sessions.setCallFlags(session.sessionId, { onHold, muted });
  await ctx.events.publish("call_state_changed", callStateChanged(session, change, { onHold, muted }, ctx.now()), agentAndSupervisors(session.agentId ?? ""));
}

/** `hold_call` / `unhold_call`: music on hold to the customer (ARI `POST/DELETE /channels/{id}/moh`). */
export async function setHold(ctx: CallContext, agentId: string, sessionId: string, hold: boolean): Promise<Record<string, unknown>> {
  const session = await ownConnectedSession(ctx, agentId, sessionId);
  if (session.onHold === hold) return { sessionId, onHold: hold };
  if (hold) await ctx.ari.startMoh(session.customerChannelId);
  else await ctx.ari.stopMoh(session.customerChannelId);
  await reflect(ctx, session, hold ? "hold" : "unhold", hold, session.muted);
  return { sessionId, onHold: hold };
}

/**
 * `mute_call` / `unmute_call`: mutes the agent leg (ARI `POST/DELETE /channels/{id}/mute`,
 * direction `in` = the agent's voice into the bridge, `out` = what the agent hears, `both`).
 */
export async function setMute(
  ctx: CallContext,
  agentId: string,
  sessionId: string,
  direction: MuteDirection,
  mute: boolean,
): Promise<Record<string, unknown>> {
  const session = await ownConnectedSession(ctx, agentId, sessionId);
  const agentChannelId = session.agentChannelId;
  if (!agentChannelId) throw new CommandError("INVALID_STATE", `Call ${sessionId} has no agent leg to mute.`);
  if (mute) await ctx.ari.muteChannel(agentChannelId, direction);
  else await ctx.ari.unmuteChannel(agentChannelId, direction);
  const muted = nextMute(session.muted, direction, mute);
  await reflect(ctx, session, mute ? "mute" : "unmute", session.onHold, muted);
  return { sessionId, muted };
}

/** The mute state after muting or unmuting `direction` on top of `current`. */
export function nextMute(current: MuteState, direction: MuteDirection, mute: boolean): MuteState {
  const has = { in: current === "in" || current === "both", out: current === "out" || current === "both" };
  if (direction === "in" || direction === "both") has.in = mute;
  if (direction === "out" || direction === "both") has.out = mute;
  return has.in && has.out ? "both" : has.in ? "in" : has.out ? "out" : "none";
}
