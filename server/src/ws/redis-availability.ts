/**
 * Whether Redis, where every agent, call and event lives, can serve commands: while ioredis has no
 * ready connection, commands are refused at once with UNAVAILABLE instead of waiting in ioredis's
 * offline queue for a reconnect that may take long.
 */
import { ReplyError, type Redis } from "ioredis";
import type { Availability } from "./command-router.js";

/** Whether Redis itself answered with this error (ioredis's ReplyError, typed `any` by ioredis). */
function isReplyError(error: unknown): boolean {
  return error instanceof (ReplyError as abstract new (...args: never[]) => object);
}

/** The sentence an UNAVAILABLE error frame starts with while Redis is unreachable. */
export const redisUnavailableReason = "The server cannot reach Redis, where agents and calls are kept";

/**
 * The availability of `redis` for the command router: unavailable whenever its status is not
 * `ready`. A command that failed with an error Redis did not send (not a `ReplyError`: a closed
 * connection, ioredis's MaxRetriesPerRequestError) while the connection was lost is an outage.
 */
export function redisAvailability(redis: Redis): Availability {
  return {
    reason: () => (redis.status === "ready" ? undefined : redisUnavailableReason),
    isOutage: (error) =>
      error instanceof Error &&
      !isReplyError(error) &&
      (redis.status !== "ready" || error.name === "MaxRetriesPerRequestError" || /Connection is closed/.test(error.message)),
  };
}
