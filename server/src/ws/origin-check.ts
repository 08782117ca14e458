/**
 * The WebSocket `Origin` check against cross-site WebSocket hijacking: a page on another site
 * could otherwise open `/ws` in a user's browser with a token it got hold of. Browsers always send
 * `Origin` on a WebSocket upgrade (RFC 6455 §4.1, §10.2); the server refuses origins it does not
 * trust (OWASP, "Cross-Site WebSocket Hijacking").
 */

/**
 * Which origins may open a WebSocket:
 * - no `Origin` header: allowed. Only non-browser clients (softphone integrations, the bench,
 *   scripts) omit it, and they hold a token anyway;
 * - the server's own origin (the `Origin` host equals the request's `Host`): allowed, so the UI the
 *   server serves at `/` always connects;
 * - an origin listed in `allowed` (exact `scheme://host[:port]`, as browsers send it), or any
 *   origin when `allowed` holds `*`.
 * @param origin the `Origin` header, if any.
 * @param host the request's `Host` header, if any.
 * @returns true when the upgrade may go on.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes("*") || allowed.includes(origin)) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== undefined && originHost !== "" && originHost.toLowerCase() === host.toLowerCase();
}
