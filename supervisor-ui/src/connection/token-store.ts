/**
 * Where the screen keeps its token: taken from `?token=` once, then held in sessionStorage (per
 * tab, gone when the tab closes) and removed from the address bar so it is not shared by copying
 * the URL or left in the history.
 */

const KEY = "acc.token";

/** Moves `?token=` from the address bar into sessionStorage and returns the token to use, if any. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(null, "", `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}

/** Keeps a token pasted into the sign-in form. */
export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** Forgets the token (sign out, or the server refused it). */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
