/**
 * The one time limit of ARI requests: loading the API through ari-client (whose requests have no
 * timeout and never settle when Asterisk does not answer: shred reports connection errors as
 * `request_error`, which swagger-client does not listen to) and every REST call of ari-http.ts.
 */
import { AriError, normaliseAriError } from "./ari-errors.js";

/** Default limit (ms) for each REST call and for loading the API. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/**
 * Races `run()` against `timeoutMs`; resolves with its result. `onTimeout` runs when the limit
 * passes, e.g. to abort the request.
 *
 * @throws AriError kind "timeout" when `run()` has not settled after `timeoutMs` ms; any other
 *   failure of `run()` normalised by {@link normaliseAriError} for `operation`.
 */
export async function withRequestTimeout<T>(
  operation: string,
  timeoutMs: number,
  run: () => PromiseLike<T>,
  onTimeout?: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new AriError({ kind: "timeout", operation, message: `Asterisk did not answer ${operation} within ${timeoutMs} ms` }));
      onTimeout?.();
    }, timeoutMs);
  });
  const pending = Promise.resolve().then(run);
  // A call that settles after its timeout must not surface as an unhandled rejection.
  pending.catch(() => undefined);
  try {
    return await Promise.race([pending, timeout]);
  } catch (error) {
    throw normaliseAriError(operation, error);
  } finally {
    clearTimeout(timer);
  }
}
