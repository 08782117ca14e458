/**
 * Fan-out: frames per second delivered to N connected clients, the server against a Socket.IO
 * `io.emit` baseline, same payload, same clients, same machine, same run.
 *
 * Both servers run in a child process; the clients are minimal WebSocket clients in this process
 * that only count frames (`counting-client.ts`), so the receiving side costs the same for both
 * (Socket.IO's clients speak the Engine.IO v4 protocol by hand: open, namespace connect, pong). A
 * round sends a burst of `frames` events; its rate is `frames × clients` divided by the time from
 * the request to the last client's last frame. Rounds alternate between the two servers; the median
 * round counts.
 *
 * Two ways of sending a burst, the same for both servers:
 * - `burst` (the figure with the target): all at once, as events from many concurrent calls come:
 *   the server starts every publish at once (ioredis pipelines the XADDs), Socket.IO emits back to
 *   back in one turn;
 * - `one-at-a-time`: each event alone in its event-loop turn, as at a low event rate: the server
 *   awaits each publish, Socket.IO yields to I/O after each emit.
 */
import { fileURLToPath } from "node:url";
import { signToken } from "@acc/server";
import type { Simulator } from "@acc/ari-simulator";
import { closeCountingClients, openCountingClient, type CountingClient, type FrameRules } from "./counting-client.js";
import { startChild, type ChildHandle } from "./rpc.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { benchSecret } from "./roster.js";
import { mapLimit, round, withTimeout } from "./util.js";

export interface FanoutSide {
  /** Frames per second delivered, median round. */
  framesPerSecond: number;
  rounds: number[];
  /**
   * The sending process' CPU time per delivered frame (user + system, µs), median round: what a
   * frame costs the server whatever else runs on the machine.
   */
  cpuMicrosPerFrame: number;
  cpuRounds: number[];
  frameBytes: number;
}

/** How a round's events are sent (see the module comment). */
export type FanoutMode = "burst" | "one-at-a-time";

/** Both servers' figures for one way of sending. */
export interface FanoutComparison {
  mode: FanoutMode;
  framesPerRound: number;
  server: FanoutSide;
  socketIo: FanoutSide;
  /** server ÷ Socket.IO, frames per second. */
  ratio: number;
  /** Socket.IO's CPU per frame ÷ the server's. */
  cpuRatio: number;
}

/** The burst comparison (the target's figure) at the top level, and the one-at-a-time one. */
export interface FanoutResult extends FanoutComparison {
  clients: number;
  oneAtATime: FanoutComparison;
}

/** Counts the frames of a burst at every client and resolves when all arrived. */
class Counter {
  private expected = 0;
  private received = 0;
  private done: (() => void) | undefined;
  frameBytes = 0;

  expect(total: number): Promise<void> {
    this.expected = total;
    this.received = 0;
    return new Promise((resolve) => (this.done = resolve));
  }

  count(bytes: number): void {
    this.frameBytes = bytes;
    if (++this.received === this.expected) this.done?.();
  }
}

const serverFramePrefix = Buffer.from('{"event":"agent_status_updated"');
const systemStatePrefix = Buffer.from('{"event":"system_state"');
const startsWith = (payload: Buffer, prefix: Buffer) => payload.length >= prefix.length && payload.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

/** The server's frames: the burst is agent_status_updated; system_state ends the handshake. */
const serverRules: FrameRules = {
  counts: (payload) => startsWith(payload, serverFramePrefix),
  ready: (payload) => startsWith(payload, systemStatePrefix),
};

/**
 * Engine.IO v4 over WebSocket, by hand: "0" open (answer "40", join the default namespace), "40"
 * namespace joined, "2" ping (answer "3"), "42" an event (the burst).
 */
const socketIoRules: FrameRules = {
  counts: (payload) => payload[0] === 0x34 && payload[1] === 0x32,
  answer: (payload) => (payload[0] === 0x30 ? "40" : payload[0] === 0x32 && payload.length === 1 ? "3" : undefined),
  ready: (payload) => payload[0] === 0x34 && payload[1] === 0x30,
};

/** Connects `clients` supervisor screens to the server; they count the burst frames. */
async function connectServerClients(server: ServerProcess, clients: number, counter: Counter): Promise<CountingClient[]> {
  const token = await signToken(benchSecret, { role: "supervisor" });
  const path = `/ws?token=${encodeURIComponent(token)}`;
  return mapLimit(clients, 50, () => openCountingClient(server.port, path, serverRules, (bytes) => counter.count(bytes), 60_000));
}

/** Connects `clients` Engine.IO v4 WebSocket clients to the default namespace; they count `42` packets. */
function connectSocketIoClients(port: number, clients: number, counter: Counter): Promise<CountingClient[]> {
  return mapLimit(clients, 50, () => openCountingClient(port, "/socket.io/?EIO=4&transport=websocket", socketIoRules, (bytes) => counter.count(bytes), 30_000));
}

/** One burst: delivered frames per second, and the sender's CPU µs per delivered frame. */
async function round_(handle: ChildHandle, counter: Counter, clients: number, frames: number, mode: FanoutMode): Promise<{ rate: number; cpuMicros: number }> {
  const arrived = counter.expect(clients * frames);
  await handle.request("cpu");
  const started = process.hrtime.bigint();
  await handle.request("publish", { count: frames, mode }, 120_000);
  await withTimeout(arrived, 120_000, "fan-out burst delivery");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = await handle.request<{ userMs: number; systemMs: number }>("cpu");
  return { rate: Math.round((clients * frames) / seconds), cpuMicros: round(((cpu.userMs + cpu.systemMs) * 1000) / (clients * frames), 3) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const side = (rounds: { rate: number; cpuMicros: number }[], counter: Counter): FanoutSide => ({
  framesPerSecond: median(rounds.map((r) => r.rate)),
  rounds: rounds.map((r) => r.rate),
  cpuMicrosPerFrame: median(rounds.map((r) => r.cpuMicros)),
  cpuRounds: rounds.map((r) => r.cpuMicros),
  frameBytes: counter.frameBytes,
});

/**
 * Measures both servers with `clients` clients each: `rounds` measured rounds of `frames` frames
 * sent as a burst after one warm-up round, then `slowRounds` rounds of `slowFrames` frames sent
 * one at a time.
 */
export async function measureFanout(options: {
  simulator: Simulator;
  redisUrl: string;
  clients: number;
  frames: number;
  rounds: number;
  slowFrames: number;
  slowRounds: number;
  cpuProfileDir?: string;
}): Promise<FanoutResult> {
  const server = await startServerProcess({
    redisUrl: options.redisUrl,
    ariUrl: options.simulator.url,
    agents: 1,
    maxCalls: 1,
    agentEndpoint: "Local/{extension}@agents",
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const socketIo = await startChild(fileURLToPath(new URL("./socketio-child.js", import.meta.url)), {
    execArgv: ["--expose-gc", ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [])],
  });
  const ours = new Counter();
  const theirs = new Counter();
  const serverClients: CountingClient[] = [];
  const socketIoClients: CountingClient[] = [];
  try {
    serverClients.push(...(await connectServerClients(server, options.clients, ours)));
    const port = Number(socketIo.ready.port);
    socketIoClients.push(...(await connectSocketIoClients(port, options.clients, theirs)));
    await round_(server.handle, ours, options.clients, Math.min(50, options.frames), "burst");
    await round_(socketIo, theirs, options.clients, Math.min(50, options.frames), "burst");
    const compare = async (mode: FanoutMode, frames: number, rounds: number): Promise<FanoutComparison> => {
      const serverRounds: { rate: number; cpuMicros: number }[] = [];
      const socketIoRounds: { rate: number; cpuMicros: number }[] = [];
      for (let i = 0; i < rounds; i++) {
        serverRounds.push(await round_(server.handle, ours, options.clients, frames, mode));
        socketIoRounds.push(await round_(socketIo, theirs, options.clients, frames, mode));
      }
      const serverSide = side(serverRounds, ours);
      const socketIoSide = side(socketIoRounds, theirs);
      return {
        mode,
        framesPerRound: frames,
        server: serverSide,
        socketIo: socketIoSide,
        ratio: round(serverSide.framesPerSecond / socketIoSide.framesPerSecond, 2),
        cpuRatio: round(socketIoSide.cpuMicrosPerFrame / serverSide.cpuMicrosPerFrame, 2),
      };
    };
    const burst = await compare("burst", options.frames, options.rounds);
    const oneAtATime = await compare("one-at-a-time", options.slowFrames, options.slowRounds);
    return { clients: options.clients, ...burst, oneAtATime };
  } finally {
    await closeCountingClients([...serverClients, ...socketIoClients]);
    await server.stop();
    await socketIo.stop();
  }
}
