/**
 * Schemas and types of the ARI events the server consumes.
 *
 * Shapes follow Asterisk's own Swagger listings at 20.20.1 (`events.json` for the events,
 * `channels.json` for Channel, CallerID and DialplanCEP, `bridges.json` for Bridge; copies in
 * `ari-simulator/test/fixtures/asterisk-ari-api-docs/api-docs/`). Objects are loose: fields Asterisk adds later pass
 * through untouched, so a newer Asterisk does not make events fail validation.
 */
import { z } from "zod";

/** Caller or connected-line identity (channels.json `CallerID`). */
export const CallerIdSchema = z.looseObject({
  name: z.string(),
  number: z.string(),
});

/** Current dialplan location of a channel (channels.json `DialplanCEP`). */
export const DialplanLocationSchema = z.looseObject({
  context: z.string(),
  exten: z.string(),
  priority: z.number(),
  app_name: z.string(),
  app_data: z.string(),
});

/**
 * A channel as ARI sends it (channels.json `Channel`). `state` is one of Down, Rsrved, OffHook,
 * Dialing, Ring, Ringing, Up, Busy, Dialing Offhook, Pre-ring, Unknown; kept a string so a state
 * Asterisk adds later does not drop the event. `creationtime` is Asterisk's
 * `2026-11-21T23:46:23.723+0000` format.
 */
export const ChannelSchema = z.looseObject({
  id: z.string(),
  protocol_id: z.string(),
  name: z.string(),
  state: z.string(),
  caller: CallerIdSchema,
  connected: CallerIdSchema,
  accountcode: z.string(),
  dialplan: DialplanLocationSchema,
  creationtime: z.string(),
  language: z.string(),
  channelvars: z.record(z.string(), z.unknown()).optional(),
  caller_rdnis: z.string().optional(),
  tenantid: z.string().optional(),
});
export type Channel = z.infer<typeof ChannelSchema>;

/** A bridge as ARI sends it (bridges.json `Bridge`); `bridge_type` is "mixing" or "holding". */
export const BridgeSchema = z.looseObject({
  id: z.string(),
  technology: z.string(),
  bridge_type: z.string(),
  bridge_class: z.string(),
  creator: z.string(),
  name: z.string(),
  channels: z.array(z.string()),
  video_mode: z.string().optional(),
  video_source_id: z.string().optional(),
  creationtime: z.string(),
  bridgevars: z.record(z.string(), z.unknown()).optional(),
});
export type Bridge = z.infer<typeof BridgeSchema>;

/** Fields every application event carries (events.json `Message` and `Event`). */
const envelope = {
  timestamp: z.string(),
  application: z.string(),
  asterisk_id: z.string().optional(),
};

/** A channel entered the Stasis app; `args` are the Stasis() or originate `appArgs` arguments. */
export const StasisStartSchema = z.looseObject({
  ...envelope,
  type: z.literal("StasisStart"),
  args: z.array(z.string()),
  channel: ChannelSchema,
  replace_channel: ChannelSchema.optional(),
});

/** A channel left the Stasis app (hung up or continued in the dialplan). */
export const StasisEndSchema = z.looseObject({
  ...envelope,
  type: z.literal("StasisEnd"),
  channel: ChannelSchema,
});

/** A channel's `state` changed (for example Ringing → Up). */
export const ChannelStateChangeSchema = z.looseObject({
  ...envelope,
  type: z.literal("ChannelStateChange"),
  channel: ChannelSchema,
});

/** A channel joined a bridge; events.json leaves `channel` optional here. */
export const ChannelEnteredBridgeSchema = z.looseObject({
  ...envelope,
  type: z.literal("ChannelEnteredBridge"),
  bridge: BridgeSchema,
  channel: ChannelSchema.optional(),
});

/** A channel left a bridge. */
export const ChannelLeftBridgeSchema = z.looseObject({
  ...envelope,
  type: z.literal("ChannelLeftBridge"),
  bridge: BridgeSchema,
  channel: ChannelSchema,
});

/** A channel is gone; `cause` is the Q.850 cause code (16 normal clearing, 19 no answer). */
export const ChannelDestroyedSchema = z.looseObject({
  ...envelope,
  type: z.literal("ChannelDestroyed"),
  cause: z.number(),
  cause_txt: z.string(),
  tech_cause: z.number().optional(),
  channel: ChannelSchema,
});

/**
 * Hang-up of a channel was requested. Real Asterisk sends `{cause: 32, soft: true}` for an ARI
 * DELETE and `{cause: 16}` without `soft` when the far side hangs up (ari-recordings README).
 */
export const ChannelHangupRequestSchema = z.looseObject({
  ...envelope,
  type: z.literal("ChannelHangupRequest"),
  cause: z.number().optional(),
  tech_cause: z.number().optional(),
  soft: z.boolean().optional(),
  channel: ChannelSchema,
});

/**
 * Progress of a dial attempt to `peer`. `dialstatus` is "" when dialing starts, then RINGING,
 * ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL...
 */
export const DialSchema = z.looseObject({
  ...envelope,
  type: z.literal("Dial"),
  peer: ChannelSchema,
  caller: ChannelSchema.optional(),
  dialstatus: z.string(),
  dialstring: z.string().optional(),
  forward: z.string().optional(),
  forwarded: ChannelSchema.optional(),
});

/** A bridge was destroyed (after DELETE /bridges/{id}). */
export const BridgeDestroyedSchema = z.looseObject({
  ...envelope,
  type: z.literal("BridgeDestroyed"),
  bridge: BridgeSchema,
});

/** Every event the server consumes, discriminated on `type`. */
export const AriEventSchema = z.discriminatedUnion("type", [
  StasisStartSchema,
  StasisEndSchema,
  ChannelStateChangeSchema,
  ChannelEnteredBridgeSchema,
  ChannelLeftBridgeSchema,
  ChannelDestroyedSchema,
  ChannelHangupRequestSchema,
  DialSchema,
  BridgeDestroyedSchema,
]);
export type AriEvent = z.infer<typeof AriEventSchema>;
export type AriEventType = AriEvent["type"];
export type StasisStart = z.infer<typeof StasisStartSchema>;
export type StasisEnd = z.infer<typeof StasisEndSchema>;
export type ChannelStateChange = z.infer<typeof ChannelStateChangeSchema>;
export type ChannelEnteredBridge = z.infer<typeof ChannelEnteredBridgeSchema>;
export type ChannelLeftBridge = z.infer<typeof ChannelLeftBridgeSchema>;
export type ChannelDestroyed = z.infer<typeof ChannelDestroyedSchema>;
export type ChannelHangupRequest = z.infer<typeof ChannelHangupRequestSchema>;
export type Dial = z.infer<typeof DialSchema>;
export type BridgeDestroyed = z.infer<typeof BridgeDestroyedSchema>;

/** The event types the server listens for, in the order of {@link AriEventSchema}. */
export const ARI_EVENT_TYPES: readonly AriEventType[] = AriEventSchema.options.map(
  (schema) => schema.shape.type.value,
);

/** Result of {@link parseAriEvent}: the typed event, or why it was rejected. */
export type ParsedAriEvent = { ok: true; event: AriEvent } | { ok: false; reason: string };

/**
 * Validates one raw ARI event (the parsed JSON of a WebSocket frame). Never throws: an event of
 * another type or with a missing or mistyped field comes back as `{ ok: false, reason }` so the
 * caller can log and drop it.
 */
export function parseAriEvent(raw: unknown): ParsedAriEvent {
  const result = AriEventSchema.safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, reason: z.prettifyError(result.error) };
}
