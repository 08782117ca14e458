/**
 * The fan-out phase's receiving clients: a minimal RFC 6455 client on a plain TCP socket that
 * reads frame headers and counts the frames, for both servers alike.
 *
 * The clients share the 2 cores with the server they measure. A full WebSocket client (ws) spends
 * a few µs per frame receiving it (parsing, UTF-8 check, a `message` event), about as much as a
 * fast server spends sending it, so the rate would measure the clients. This one looks at the
 * first bytes of each payload and nothing else; it costs both servers the same.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { withTimeout } from "./util.js";

/** What a counting client does with a text frame's payload (only the first bytes are read). */
export interface FrameRules {
  /** True for the frames the burst is made of. */
  counts(payload: Buffer): boolean;
  /** A text frame to send back, if the frame asks for one (Engine.IO's open and ping). */
  answer?(payload: Buffer): string | undefined;
  /** True once the connection is ready for the burst (the server's handshake is over). */
  ready(payload: Buffer): boolean;
}

/** One connected counting client. */
export interface CountingClient {
  /** Sends a close frame (1000) and ends the socket. */
  close(): void;
  /** Closes the socket at once. */
  destroy(): void;
  closed: Promise<void>;
}

/**
 * A client frame: FIN, the opcode, the mask bit with an all-zero key (RFC 6455 §5.3 requires
 * client frames to be masked; a zero key leaves the payload as is).
 */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new RangeError("client frames here are control-sized");
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/**
 * Opens `ws://127.0.0.1:<port><path>` and resolves once `rules.ready` accepted a frame.
 * `onFrame` gets the payload length of every frame `rules.counts` accepts.
 * @throws Error when the upgrade is refused or the handshake takes longer than `timeoutMs`.
 */
export function openCountingClient(port: number, path: string, rules: FrameRules, onFrame: (bytes: number) => void, timeoutMs = 30_000): Promise<CountingClient> {
  const socket: Socket = connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const client: CountingClient = {
    close() {
      if (socket.destroyed) return;
      socket.end(clientFrame(0x8, Buffer.from([0x03, 0xe8])));
    },
    destroy: () => socket.destroy(),
    closed,
  };
  const opened = new Promise<CountingClient>((resolve, reject) => {
    const refused = () => reject(new Error("closed during the handshake"));
    socket.once("error", reject);
    socket.once("close", refused);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let pending: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let isReady = false;
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      if (!upgraded) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        const status = pending.subarray(0, pending.indexOf("\r\n")).toString("latin1");
        if (!/^HTTP\/1\.1 101/.test(status)) {
          reject(new Error(`upgrade refused: ${status}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        pending = pending.subarray(end + 4);
      }
      let offset = 0;
      // Server frames are never masked (RFC 6455 §5.1): 2 header bytes, then 2 or 8 length bytes.
      while (pending.length - offset >= 2) {
        const opcode = pending[offset]! & 0x0f;
        let length = pending[offset + 1]! & 0x7f;
        let header = 2;
        if (length === 126) {
          if (pending.length - offset < 4) break;
          length = pending.readUInt16BE(offset + 2);
          header = 4;
        } else if (length === 127) {
          if (pending.length - offset < 10) break;
          length = Number(pending.readBigUInt64BE(offset + 2));
          header = 10;
        }
        if (pending.length - offset < header + length) break;
        const payload = pending.subarray(offset + header, offset + header + length);
        offset += header + length;
        if (opcode === 0x9) {
          socket.write(clientFrame(0xa, payload));
        } else if (opcode === 0x1) {
          if (rules.counts(payload)) onFrame(length);
          const answer = rules.answer?.(payload);
          if (answer !== undefined) socket.write(clientFrame(0x1, Buffer.from(answer)));
          if (!isReady && rules.ready(payload)) {
            isReady = true;
            socket.off("error", reject);
            socket.off("close", refused);
            // Later errors show up as a close; the phase notices missing frames by its timeout.
            socket.on("error", () => undefined);
            resolve(client);
          }
        } else if (opcode === 0x8) {
          socket.end();
        }
      }
      pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
    });
  });
  return withTimeout(opened, timeoutMs, "counting client handshake").catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
}

/** Closes the clients and waits (at most `timeoutMs`) for their sockets to close, then destroys the rest. */
export async function closeCountingClients(clients: CountingClient[], timeoutMs = 10_000): Promise<void> {
  for (const client of clients) client.close();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(clients.map((client) => client.closed)), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  for (const client of clients) client.destroy();
}
