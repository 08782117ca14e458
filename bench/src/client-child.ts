/**
 * A crowd of idle screens in a process of its own: one process can hold only as many sockets as its
 * open-file limit allows, so the memory phase spreads its clients over several of these.
 */
import { signToken } from "@acc/server";
import type { WebSocket } from "ws";
import { serveParent } from "./rpc.js";
import { closeAll, openScreen } from "./screens.js";
import { rosterSize } from "./memory.js";
import { agentIdOf, benchSecret } from "./roster.js";
import { mapLimit } from "./util.js";

const sockets: WebSocket[] = [];

serveParent(
  {
    /** Opens `count` agent screens (clients `first`..`first+count-1`) on `port`; resolves when all finished their handshake. */
    connect: async (request) => {
      const port = Number(request.port);
      const first = Number(request.first);
      const count = Number(request.count);
      const opened = await mapLimit(count, 100, async (i) => {
        const token = await signToken(benchSecret, { role: "agent", agentId: agentIdOf((first + i) % rosterSize) });
        return openScreen(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`, () => undefined, 60_000);
      });
      sockets.push(...opened);
      return { connected: sockets.length };
    },
    disconnect: async () => {
      await closeAll(sockets.splice(0));
      return { connected: 0 };
    },
  },
  {},
  async () => {
    await closeAll(sockets.splice(0));
  },
);
