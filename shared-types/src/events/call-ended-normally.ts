/** `call_ended_normally`: the agent, a supervisor or the server ended a call; the screen shows a summary. */
import { z } from "zod";
import { callOnLineShape, identifier, isoTime, wholeSeconds } from "../fields.js";

/** Who ended the call. */
export const EndedBy = z.enum(["agent", "supervisor", "system"]);
export type EndedBy = z.infer<typeof EndedBy>;

/**
 * Designed event (no seed example), the same style as `customer_left_bridge`: `callDuration` counts
 * from the bridge start (0 if never bridged), `totalDuration` from the call start (seconds); `bridgeId` is present only
 * if the call was bridged; `transferredTo` (addition) is the extension or queue number the agent
 * transferred the call to, when the call ended for this agent by a transfer.
 */
export const callEndedNormallySchema = z.object({
  ...callOnLineShape,
  endedBy: EndedBy,
  endedAt: isoTime,
  callDuration: wholeSeconds,
  totalDuration: wholeSeconds,
  wasConnected: z.boolean(),
  bridgeId: identifier.optional(),
  transferredTo: identifier.optional(),
  timestamp: isoTime,
});
export type CallEndedNormally = z.infer<typeof callEndedNormallySchema>;
