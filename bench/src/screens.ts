/** WebSocket screens (agent and supervisor clients) of the server under test, as raw `ws` clients. */
import { WebSocket, type RawData } from "ws";

/** Called for every frame a screen receives, with the monotonic time (ns) the frame was handed over. */
export type FrameHandler = (frame: Buffer, receivedNs: bigint, socket: WebSocket) => void;

const systemStateMarker = Buffer.from('"event":"system_state"');

/**
 * Connects a screen to `url` and resolves once its `system_state` arrived (the handshake is over
 * and live events follow). Every frame, the handshake's included, goes to `onFrame`.
 * @throws Error when the server refuses or the handshake takes longer than `timeoutMs`.
 */
export function openScreen(url: string, onFrame: FrameHandler, timeoutMs = 60_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`screen handshake took longer than ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    socket.on("error", fail);
    socket.on("unexpected-response", (_request, response) => fail(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
    socket.on("close", (code) => fail(new Error(`closed with ${code} during the handshake`)));
    socket.on("message", (data: RawData) => {
      const receivedNs = process.hrtime.bigint();
      const frame = data as Buffer;
      onFrame(frame, receivedNs, socket);
      if (!settled && frame.includes(systemStateMarker)) {
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners("close");
        socket.removeAllListeners("error");
        // Later socket errors show up as a close; the phase that owns the socket looks at that.
        socket.on("error", () => undefined);
        resolve(socket);
      }
    });
  });
}

/** Closes sockets and waits (at most `timeoutMs`) for them to be closed, then terminates the rest. */
export async function closeAll(sockets: Iterable<WebSocket>, timeoutMs = 10_000): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const socket of sockets) {
    if (socket.readyState === WebSocket.CLOSED) continue;
    closing.push(new Promise((resolve) => socket.once("close", () => resolve())));
    socket.close();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closing), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  for (const socket of sockets) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
}
