/**
 * Fan-out: frames per second delivered to N connected clients, the server against a Socket.IO
 * `io.emit` baseline, same payload, same clients, same machine, same run.
 *
 * Both servers run in a child process; the clients are plain `ws` clients in this process that only
 * count frames, so the receiving side costs the same for both (Socket.IO's clients speak the
 * Engine.IO v4 protocol by hand: open, namespace connect, pong). A round sends a burst of `frames`
 * events; its rate is `frames × clients` divided by the time from the request to the last client's
 * last frame. Rounds alternate between the two servers; the median round counts.
 */
import { fileURLToPath } from "node:url";
import { signToken } from "@acc/server";
import type { Simulator } from "@acc/ari-simulator";
import { WebSocket, type RawData } from "ws";
import { startChild, type ChildHandle } from "./rpc.js";
import { closeAll, openScreen } from "./screens.js";
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

export interface FanoutResult {
  clients: number;
  framesPerRound: number;
  server: FanoutSide;
  socketIo: FanoutSide;
  /** server ÷ Socket.IO, frames per second. */
  ratio: number;
  /** Socket.IO's CPU per frame ÷ the server's. */
  cpuRatio: number;
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

/** Connects `clients` supervisor screens to the server; they count the burst frames. */
async function connectServerClients(server: ServerProcess, clients: number, counter: Counter): Promise<WebSocket[]> {
  const token = await signToken(benchSecret, { role: "supervisor" });
  return mapLimit(clients, 50, () =>
    openScreen(server.wsUrl(token), (frame) => {
      if (frame.compare(serverFramePrefix, 0, serverFramePrefix.length, 0, serverFramePrefix.length) === 0) counter.count(frame.length);
    }),
  );
}

/** Connects one Engine.IO v4 WebSocket client and joins the default namespace; it counts `42` packets. */
function connectSocketIoClient(port: number, counter: Counter): Promise<WebSocket> {
  return withTimeout(
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
      socket.on("error", reject);
      socket.on("message", (data: RawData) => {
        const frame = data as Buffer;
        const type = frame[0];
        // Engine.IO: "4" message, "2" ping, "0" open; Socket.IO inside a message: "0" connect, "2" event.
        if (type === 0x34 && frame[1] === 0x32) counter.count(frame.length);
        else if (type === 0x32) socket.send("3");
        else if (type === 0x30) socket.send("40");
        else if (type === 0x34 && frame[1] === 0x30) resolve(socket);
      });
    }),
    30_000,
    "Socket.IO client connect",
  );
}

/** One burst: delivered frames per second, and the sender's CPU µs per delivered frame. */
async function round_(handle: ChildHandle, counter: Counter, clients: number, frames: number): Promise<{ rate: number; cpuMicros: number }> {
  const arrived = counter.expect(clients * frames);
  await handle.request("cpu");
  const started = process.hrtime.bigint();
  await handle.request("publish", { count: frames }, 120_000);
  await withTimeout(arrived, 120_000, "fan-out burst delivery");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = await handle.request<{ userMs: number; systemMs: number }>("cpu");
  return { rate: Math.round((clients * frames) / seconds), cpuMicros: round(((cpu.userMs + cpu.systemMs) * 1000) / (clients * frames), 3) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Measures both servers with `clients` clients each, `rounds` measured rounds of `frames` frames
 * after one warm-up round.
 */
export async function measureFanout(options: {
  simulator: Simulator;
  redisUrl: string;
  clients: number;
  frames: number;
  rounds: number;
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
  const serverClients: WebSocket[] = [];
  const socketIoClients: WebSocket[] = [];
  try {
    serverClients.push(...(await connectServerClients(server, options.clients, ours)));
    const port = Number(socketIo.ready.port);
    socketIoClients.push(...(await mapLimit(options.clients, 50, () => connectSocketIoClient(port, theirs))));
    await round_(server.handle, ours, options.clients, Math.min(50, options.frames));
    await round_(socketIo, theirs, options.clients, Math.min(50, options.frames));
    const serverRounds: { rate: number; cpuMicros: number }[] = [];
    const socketIoRounds: { rate: number; cpuMicros: number }[] = [];
    for (let i = 0; i < options.rounds; i++) {
      serverRounds.push(await round_(server.handle, ours, options.clients, options.frames));
      socketIoRounds.push(await round_(socketIo, theirs, options.clients, options.frames));
    }
    const side = (rounds: { rate: number; cpuMicros: number }[], counter: Counter): FanoutSide => ({
      framesPerSecond: median(rounds.map((r) => r.rate)),
      rounds: rounds.map((r) => r.rate),
      cpuMicrosPerFrame: median(rounds.map((r) => r.cpuMicros)),
      cpuRounds: rounds.map((r) => r.cpuMicros),
      frameBytes: counter.frameBytes,
    });
    const serverSide = side(serverRounds, ours);
    const socketIoSide = side(socketIoRounds, theirs);
    return {
      clients: options.clients,
      framesPerRound: options.frames,
      server: serverSide,
      socketIo: socketIoSide,
      ratio: round(serverSide.framesPerSecond / socketIoSide.framesPerSecond, 2),
      cpuRatio: round(socketIoSide.cpuMicrosPerFrame / serverSide.cpuMicrosPerFrame, 2),
    };
  } finally {
    await closeAll([...serverClients, ...socketIoClients]);
    await server.stop();
    await socketIo.stop();
  }
}
