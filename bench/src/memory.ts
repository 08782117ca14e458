/**
 * Memory per idle connected client: the server's RSS and V8 heap after two full collections, with
 * no client and then with 1,000, 5,000 and 20,000 idle agent screens (each through its handshake,
 * then silent apart from the heartbeat). Per client = (with N − with none) ÷ N, after a warm-up
 * batch of clients has connected and left; the marginal cost between levels is reported too.
 *
 * A process can hold only as many sockets as its open-file limit: the clients are spread over
 * client processes, and the largest count is capped below the server process' limit (one
 * descriptor per client plus the server's own) when that limit is lower than the count asked for.
 */
import { fileURLToPath } from "node:url";
import type { Simulator } from "@acc/ari-simulator";
import { startChild, type ChildHandle } from "./rpc.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { round, waitFor } from "./util.js";

/** Waits (at most 30 s) until the server counts `clients` connected clients. */
async function waitForClients(server: ServerProcess, clients: number): Promise<void> {
  const settled = await waitFor(async () => (await server.handle.request<{ clients: number }>("clients")).clients === clients, 30_000, 100);
  if (!settled) throw new Error(`the server did not get to ${clients} connected clients within 30 s`);
}

export interface MemoryLevel {
  /** Clients asked for. */
  target: number;
  /** Clients connected when measured. */
  clients: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** (RSS with clients − RSS with none) ÷ clients, bytes. */
  rssPerClientBytes: number;
  heapPerClientBytes: number;
  /**
   * V8's committed heap (heapTotal) added per client, bytes: the live heap plus the pages V8 keeps
   * around it. RSS beyond this is outside V8: Node's and libuv's per-socket structures and what
   * malloc holds.
   */
  heapCommittedPerClientBytes: number;
  /** Whole external memory (Buffers outside the heap) per client, bytes. */
  externalPerClientBytes: number;
  /** RSS and heap added per client since the previous level (the marginal cost), bytes. */
  marginalRssPerClientBytes: number;
  marginalHeapPerClientBytes: number;
}

/** Agents in the memory phase's roster; client i is a screen of agent i mod rosterSize. */
export const rosterSize = 100;

export interface MemoryResult {
  baseline: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number };
  levels: MemoryLevel[];
  /** Why a level has fewer clients than asked for, if one has. */
  capNote: string | undefined;
}

/**
 * Measures the levels in increasing order on one server (clients are added, never removed between
 * levels). `openFilesHard` is the hard open-file limit every process here gets.
 */
export async function measureMemory(options: {
  simulator: Simulator;
  redisUrl: string;
  levels: number[];
  openFilesHard: number;
  clientsPerProcess: number;
}): Promise<MemoryResult> {
  const largest = Math.max(...options.levels);
  const server = await startServerProcess({
    redisUrl: options.redisUrl,
    ariUrl: options.simulator.url,
    // Every new screen's system_state lists the whole roster, so a roster of one agent per client
    // would make the handshake of the 20,000th client read 20,000 agents: screens share a roster of
    // `rosterSize` agents instead (an agent may have several screens open).
    agents: rosterSize,
    maxCalls: 1,
    agentEndpoint: "Local/{extension}@agents",
  });
  const crowds: ChildHandle[] = [];
  try {
    // Warm-up: the first connections grow the heap and compile the handshake's code once; connect
    // and close a batch so the baseline already holds that and the levels count only the clients.
    const warmUp = await startChild(fileURLToPath(new URL("./client-child.js", import.meta.url)));
    await warmUp.request("connect", { port: server.port, first: 0, count: Math.min(1_000, largest) }, 600_000);
    await warmUp.request("disconnect", {}, 120_000);
    await warmUp.stop();
    await waitForClients(server, 0);
    const baseline = await server.memory();
    // Each client costs the server one descriptor; keep 64 spare for Redis, ARI, the listener and stdio.
    const serverRoom = options.openFilesHard - baseline.openFiles - 64;
    const levels: MemoryLevel[] = [];
    let connected = 0;
    let capNote: string | undefined;
    for (const target of options.levels) {
      const wanted = Math.min(target, serverRoom);
      if (wanted < target) {
        capNote = `${target} clients asked for; ${wanted} connected: the open-file limit is ${options.openFilesHard} per process (hard limit, cannot be raised without privileges) and the server needs one descriptor per client plus ${baseline.openFiles} of its own`;
      }
      while (connected < wanted) {
        const crowdIndex = Math.floor(connected / options.clientsPerProcess);
        const crowd = crowds[crowdIndex] ?? (crowds[crowdIndex] = await startChild(fileURLToPath(new URL("./client-child.js", import.meta.url))));
        const room = (crowdIndex + 1) * options.clientsPerProcess - connected;
        const count = Math.min(room, wanted - connected);
        await crowd.request("connect", { port: server.port, first: connected, count }, 600_000);
        connected += count;
      }
      const measured = await server.memory();
      const previous = levels[levels.length - 1] ?? { clients: 0, rssBytes: baseline.rss, heapUsedBytes: baseline.heapUsed };
      const added = Math.max(1, measured.clients - previous.clients);
      levels.push({
        target,
        clients: measured.clients,
        rssBytes: measured.rss,
        heapUsedBytes: measured.heapUsed,
        rssPerClientBytes: Math.round((measured.rss - baseline.rss) / measured.clients),
        heapPerClientBytes: Math.round((measured.heapUsed - baseline.heapUsed) / measured.clients),
        heapCommittedPerClientBytes: Math.round((measured.heapTotal - baseline.heapTotal) / measured.clients),
        externalPerClientBytes: round((measured.external - baseline.external) / measured.clients, 1),
        marginalRssPerClientBytes: Math.round((measured.rss - previous.rssBytes) / added),
        marginalHeapPerClientBytes: Math.round((measured.heapUsed - previous.heapUsedBytes) / added),
      });
    }
    return { baseline: { rssBytes: baseline.rss, heapUsedBytes: baseline.heapUsed, heapTotalBytes: baseline.heapTotal, externalBytes: baseline.external }, levels, capNote };
  } finally {
    for (const crowd of crowds) await crowd.stop(60_000);
    await server.stop();
  }
}
