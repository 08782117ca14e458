/**
 * Why a WebSocket could not open. Browsers hide the HTTP answer to a refused upgrade (the socket
 * just closes with 1006), so the screen asks the same URL over plain HTTP: the server checks the
 * token before the upgrade and answers 401 with the reason.
 */

/** The server's refusal sentence when it answered 401, `null` when the token was not the problem. */
export async function probeTokenRefusal(httpUrl: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  try {
    // `cache` is in the browser's RequestInit and undici's, not in @types/node 20's.
    const response = await fetchImpl(httpUrl, { cache: "no-store" } as RequestInit);
    if (response.status !== 401) return null;
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    return typeof body.message === "string" ? body.message : "The server refused the token.";
  } catch {
    // The server is unreachable: a network problem, not a token problem; the caller retries.
    return null;
  }
}
