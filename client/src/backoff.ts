/** Reconnect delays: exponential with jitter, so screens that lost the server together do not return in lockstep. */

/** Backoff settings in ms: the first delay and the cap. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Defaults: 0.5 s first, doubling, at most 15 s. */
export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 15_000 };

/**
 * The delay before reconnect attempt `attempt` (0 for the first): `min(max, base·2^attempt)`,
 * scaled by a factor between 0.5 and 1 drawn from `random` (0 ≤ random() < 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
