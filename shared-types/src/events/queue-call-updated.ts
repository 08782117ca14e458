/** `queue_call_updated` (addition): a waiting queue call moved, or its priority or estimate changed. */
import { z } from "zod";
import { identifier, isoTime, wholeSeconds } from "../fields.js";

/** `priority`: integer, higher is served first; `estimatedWaitTime` in seconds; `waitingSince` when it joined the queue. */
export const queueCallUpdatedSchema = z.object({
  sessionId: identifier,
  queueNumber: identifier,
  queuePosition: z.int().min(1),
  estimatedWaitTime: wholeSeconds,
  priority: z.int(),
  waitingSince: isoTime,
  timestamp: isoTime,
});
export type QueueCallUpdated = z.infer<typeof queueCallUpdatedSchema>;
