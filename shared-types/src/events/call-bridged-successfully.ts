/** `call_bridged_successfully`: customer and agent are both in the mixing bridge; starts the call timer. */
import { z } from "zod";
import { identifier, isoTime, unixMs } from "../fields.js";

/** Seed payload. `timerStartTime` starts the screen's timer; `serverTimestamp` (Unix ms) lets it correct clock skew. */
export const callBridgedSuccessfullySchema = z.object({
  sessionId: identifier,
  channelId: identifier,
  bridgeId: identifier,
  agentId: identifier,
  extension: identifier,
  customerNumber: z.string(),
  callIndex: z.int().min(1),
  connectedAt: isoTime,
  startTimer: z.boolean(),
  timerStartTime: isoTime,
  serverTimestamp: unixMs,
  controls: z.object({
    mute: z.boolean(),
    hold: z.boolean(),
    transfer: z.boolean(),
    hangup: z.boolean(),
    record: z.boolean(),
    conference: z.boolean(),
  }),
});
export type CallBridgedSuccessfully = z.infer<typeof callBridgedSuccessfullySchema>;
