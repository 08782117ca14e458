import { createServer, connect, type AddressInfo, type Socket } from "node:net";

/**
 * A TCP proxy between ari-client and the simulator, for faults the simulator has no reason to
 * produce: an Asterisk that stops answering, and raw WebSocket frames it would never send.
 */
export interface AriProxy {
  /** `http://127.0.0.1:<port>` of the proxy. */
  url: string;
  /** From now on nothing is forwarded in either direction; connections stay open. */
  stall(): void;
  /**
   * Sends `text` as one unmasked WebSocket text frame (RFC 6455 §5.2) to every client whose
   * connection was upgraded to a WebSocket. Call it while no other frame is in flight.
   */
  injectFrame(text: string): void;
  /** TCP connections accepted so far (the app's WebSocket and every HTTP connection). */
  connectionsAccepted(): number;
  close(): Promise<void>;
}

/** Encodes a server-to-client text frame: FIN + opcode 1, no mask (RFC 6455 §5.2). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x81, payload.length]);
  } else if (payload.length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Starts a proxy on a free port forwarding to `target` (`http://host:port`). */
export async function startAriProxy(target: string): Promise<AriProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const webSocketClients = new Set<Socket>();
  let stalled = false;
  let accepted = 0;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      webSocketClients.delete(socket);
    });
    socket.on("error", () => socket.destroy());
  };
  const server = createServer((inbound) => {
    accepted += 1;
    track(inbound);
    if (stalled) return;
    const outbound = connect(Number(port), hostname);
    track(outbound);
    inbound.on("data", (chunk: Buffer) => {
      if (!stalled) outbound.write(chunk);
    });
    outbound.on("data", (chunk: Buffer) => {
      if (stalled) return;
      if (chunk.subarray(0, 12).toString("latin1") === "HTTP/1.1 101") webSocketClients.add(inbound);
      inbound.write(chunk);
    });
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    stall: () => {
      stalled = true;
    },
    injectFrame: (text) => {
      const frame = textFrame(text);
      for (const socket of webSocketClients) socket.write(frame);
    },
    connectionsAccepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
