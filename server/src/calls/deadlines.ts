/**
 * The deadlines of a call, from the configuration: how long an offer rings (ring timeout) and how
 * long a queue call may wait before it overflows (maximum wait). The clocks that act on them are
 * `ring-timeouts.ts` and `queue-timers.ts`.
 */
import type { SessionRecord } from "../state/index.js";
import type { CallContext } from "./context.js";

/** Ring timeout (s) of an offer of `session`: its queue's for queue calls, RING_TIMEOUT_S otherwise. */
export function ringTimeoutFor(ctx: CallContext, session: Pick<SessionRecord, "kind" | "queueNumber" | "transferredFrom">): number {
  return session.kind === "queue" && session.queueNumber && !session.transferredFrom ? ctx.queues.get(session.queueNumber).ringTimeoutS : ctx.settings.ringTimeoutS;
}

/** The overflow deadline (Unix ms, 0 = none) of a call entering `queueNumber` at `now`. */
export function maxWaitDeadline(ctx: CallContext, queueNumber: string, now: number): number {
  const { maxWaitS } = ctx.queues.get(queueNumber);
  return maxWaitS > 0 ? now + maxWaitS * 1000 : 0;
}
