/** `call_state_changed`: a channel of a session changed state, or an in-call control took effect. */
import { z } from "zod";
import { identifier, isoTime } from "../fields.js";

/** Channel states as ARI reports them (Asterisk ARI docs, channels.json, `Channel.state`). */
export const ChannelState = z.enum([
  "Down",
  "Rsrved",
  "OffHook",
  "Dialing",
  "Ring",
  "Ringing",
  "Up",
  "Busy",
  "Dialing Offhook",
  "Pre-ring",
  "Unknown",
]);
export type ChannelState = z.infer<typeof ChannelState>;

/** Which leg of the session the channel is. */
export const ChannelRole = z.enum(["customer", "agent"]);
export type ChannelRole = z.infer<typeof ChannelRole>;

/** What changed: the ARI channel state, or the hold, mute or transfer state. */
export const CallStateChange = z.enum(["channel_state", "hold", "unhold", "mute", "unmute", "transfer"]);
export type CallStateChange = z.infer<typeof CallStateChange>;

/** Which audio directions are muted on the channel after the change. */
export const MuteState = z.enum(["none", "in", "out", "both"]);
export type MuteState = z.infer<typeof MuteState>;

/**
 * Designed event (no seed example). Carries the whole current state of the channel, not only the
 * change, so a screen that missed an event still shows the truth. `transferTarget` is present for
 * `change: "transfer"`.
 */
export const callStateChangedSchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  agentId: identifier,
  extension: identifier,
  channelRole: ChannelRole,
  change: CallStateChange,
  state: ChannelState,
  onHold: z.boolean(),
  muted: MuteState,
  transferTarget: identifier.optional(),
  timestamp: isoTime,
});
export type CallStateChanged = z.infer<typeof callStateChangedSchema>;
