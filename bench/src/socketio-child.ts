/**
 * The baseline: a Socket.IO 4 server (the usual choice for pushing events to browsers), in a process
 * of its own like the server under test, with its best settings for the job: WebSocket transport
 * only, no compression. On request it sends a burst of the same payloads as the server to every
 * connected client with `io.emit`: back to back in one turn (`mode: "burst"`; it has no log to wait
 * for, and nothing is faster for it), or yielding to I/O after each emit (`"one-at-a-time"`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { fanoutEvent, fanoutPayload } from "./payload.js";
import { cpuSinceLastCall, serveParent, settledMemory } from "./rpc.js";

async function main(): Promise<void> {
  const http = createServer();
  // WebSocket only, no HTTP long-polling upgrade dance: the fairest transport for the comparison.
  // Compression off, as for the server under test (and as Socket.IO advises for throughput).
  const io = new Server(http, { transports: ["websocket"], serveClient: false, maxHttpBufferSize: 64 * 1024, perMessageDeflate: false, httpCompression: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  serveParent(
    {
      publish: async (request) => {
        const count = Number(request.count);
        const started = process.hrtime.bigint();
        const emit = (i: number) => io.emit(fanoutEvent, { event: fanoutEvent, data: fanoutPayload(i), id: `${1767258000000 + i}-0` });
        if (request.mode === "one-at-a-time") {
          for (let i = 0; i < count; i++) {
            emit(i);
            await new Promise((resolve) => setImmediate(resolve));
          }
        } else {
          for (let i = 0; i < count; i++) emit(i);
        }
        return { count, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
      },
      memory: () => ({ ...settledMemory(), clients: io.engine.clientsCount }),
      clients: () => ({ clients: io.engine.clientsCount }),
      /** CPU time (user + system, ms) since the previous `cpu` request. */
      cpu: cpuSinceLastCall(),
    },
    { port },
    async () => {
      io.close();
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Socket.IO child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
