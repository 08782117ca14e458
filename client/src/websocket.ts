/**
 * The part of a WebSocket the client uses: the WHATWG `WebSocket` (browsers, Node ≥ 22) and the
 * `ws` package's `WebSocket` (Node 20) both fit it, so neither is a hard dependency.
 */

/** A socket as the client drives it; `readyState` 1 is OPEN. */
export interface WebSocketLike {
  readonly readyState: number;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** `new WebSocket(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;
