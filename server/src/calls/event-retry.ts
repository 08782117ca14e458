/**
 * Retrying an ARI event whose handling failed because Redis was unreachable. ARI sends each event
 * once; dropping it would leave a session behind (a caller who hung up still "waiting"), so while
 * Redis is away the handling is tried again with backoff, a bounded number of times. What is still
 * lost after that is repaired by the reconciliation run when Redis is ready again (`recovery/`).
 */

/**
 * Delays (ms) before each further try: 250 ms doubling to 4 s, eight tries over about 20 s, longer
 * than a Redis restart takes.
 */
export const EVENT_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 4000, 4000, 4000];

/**
 * True for errors that say Redis could not be reached, not that it refused a command: ioredis's
 * `MaxRetriesPerRequestError` (a command queued while disconnected, after its reconnect attempts),
 * a closed or unwritable connection, a refused connection, and Redis's own `LOADING` reply while a
 * restarted server reads its data back.
 */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED" || (error as NodeJS.ErrnoException).code === "ECONNRESET") return true;
  return /^LOADING |Connection is closed|Stream isn't writeable/.test(error.message);
}

/**
 * Runs `task`; when it fails with a Redis outage, runs it again after each delay of `delays`.
 * `onRetry` hears of each failure that is retried. Resolves with the task's result.
 * @throws the last error: one that is not an outage at once, an outage once the delays are used up.
 */
export async function retryWhileRedisAway<T>(task: () => Promise<T>, onRetry: (error: unknown, attempt: number) => void, delays: readonly number[] = EVENT_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isRedisOutage(error)) throw error;
      onRetry(error, attempt + 1);
      // Unreferenced: a retry pending at shutdown does not keep the process up.
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}
