/**
 * Event latency: from the simulator writing an ARI event to each WebSocket screen handing over the
 * frame the server made of it, for every recipient (the agent and every supervisor).
 *
 * Processes: the simulator (the load generator) runs in this process, the server in a child
 * process, the screens in another (screens-child.ts), so neither the server nor the screens share
 * an event loop with the traffic. Clock: the send time is the simulator's `process.hrtime.bigint()`
 * taken right after its WebSocket write, the receive time is `process.hrtime.bigint()` at the
 * start of the screen's `message` handler. Both read CLOCK_MONOTONIC, one clock for every process
 * of the machine (Linux clock_gettime(2)), so times from the two processes compare directly.
 *
 * Pairs measured (the session id ties the frame to the ARI event):
 * - StasisStart of the customer channel `<id>` → `call_incoming` of session `call-<id>`;
 * - ChannelEnteredBridge of the agent leg `call-<id>-agent` → `call_bridged_successfully`;
 * - StasisEnd of the customer channel → `customer_left_bridge`.
 */
import type { AriEvent, Simulator } from "@acc/ari-simulator";
import { signToken } from "@acc/server";
import type { Redis } from "ioredis";
import { fileURLToPath } from "node:url";
import type { WebSocket } from "ws";
import { startChild, type ChildHandle } from "./rpc.js";
import { Samples, type Summary } from "./samples.js";
import { openScreen } from "./screens.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { agentIdOf, benchSecret, extensionOf } from "./roster.js";
import { mapLimit, msBetween, round, withTimeout } from "./util.js";

/** The frame each measured ARI event leads to. */
const measuredFrames = { call_incoming: "offer", call_bridged_successfully: "bridge", customer_left_bridge: "end" } as const;
/** The measured pairs: offer, bridge, end. */
export type Kind = (typeof measuredFrames)[keyof typeof measuredFrames];

const eventPrefix = Buffer.from('{"event":"');
const sessionMarker = '"sessionId":"';

/** Latency samples (ms) of one measurement window, overall and per pair. */
export class LatencyWindow {
  readonly all = new Samples();
  readonly byKind: Record<Kind, Samples> = { offer: new Samples(), bridge: new Samples(), end: new Samples() };
  /** Frames whose ARI event was not seen (should stay 0). */
  unmatched = 0;

  add(kind: Kind, ms: number): void {
    this.all.add(ms);
    this.byKind[kind].add(ms);
  }

  report(): { all: Summary; byKind: Record<Kind, Summary>; unmatched: number } {
    return {
      all: this.all.summary(),
      byKind: { offer: this.byKind.offer.summary(), bridge: this.byKind.bridge.summary(), end: this.byKind.end.summary() },
      unmatched: this.unmatched,
    };
  }
}

/** The key tying a frame to the ARI event that caused it: `<kind>:<session id>`. */
const keyOf = (kind: Kind, sessionId: string): string => `${kind}:${sessionId}`;

/**
 * The send times of the measured ARI events, taken in the process that runs the simulator: the
 * simulator's `process.hrtime.bigint()` right after it wrote the event to its WebSocket.
 */
export class SendTimes {
  private readonly sentAt = new Map<string, number>();

  onAriEvent(event: AriEvent, sentAtNs: bigint): void {
    const channel = event.channel as { id?: string } | undefined;
    const id = channel?.id;
    if (!id) return;
    if (event.type === "StasisStart" && Array.isArray(event.args) && event.args[0] === "agent") this.sentAt.set(keyOf("offer", `call-${id}`), Number(sentAtNs));
    else if (event.type === "ChannelEnteredBridge" && id.endsWith("-agent")) this.sentAt.set(keyOf("bridge", id.slice(0, -"-agent".length)), Number(sentAtNs));
    else if (event.type === "StasisEnd" && !id.startsWith("call-")) this.sentAt.set(keyOf("end", `call-${id}`), Number(sentAtNs));
  }

  /** Every send time (ns), by key, for the screens process to match its frames against. */
  entries(): Array<[string, number]> {
    return [...this.sentAt];
  }

  /** Forgets the ARI send times of finished calls (between rates). */
  clear(): void {
    this.sentAt.clear();
  }
}

/** Reads the event name and session id of a frame without parsing all of it; undefined for other frames. */
export function readFrame(frame: Buffer): { event: string; sessionId: string; kind: Kind | undefined } | undefined {
  if (frame.compare(eventPrefix, 0, eventPrefix.length, 0, eventPrefix.length) !== 0) return undefined;
  const text = frame.toString();
  const event = text.slice(eventPrefix.length, text.indexOf('"', eventPrefix.length));
  const at = text.indexOf(sessionMarker);
  const sessionId = at < 0 ? "" : text.slice(at + sessionMarker.length, text.indexOf('"', at + sessionMarker.length));
  return { event, sessionId, kind: measuredFrames[event as keyof typeof measuredFrames] };
}

/**
 * The receive times of measured frames in one window, kept in the screens process until the send
 * times arrive: `process.hrtime.bigint()` at the start of the screen's `message` handler.
 */
export class FrameLog {
  private readonly keys: string[] = [];
  private readonly kinds: Kind[] = [];
  private readonly receivedNs: number[] = [];

  add(kind: Kind, sessionId: string, receivedNs: bigint): void {
    if (this.keys.length >= 5_000_000) return;
    this.keys.push(keyOf(kind, sessionId));
    this.kinds.push(kind);
    this.receivedNs.push(Number(receivedNs));
  }

  /** Latency of every frame whose ARI event has a send time; the others count as unmatched. */
  report(sentAt: ReadonlyMap<string, number>): ReturnType<LatencyWindow["report"]> {
    const window = new LatencyWindow();
    for (let i = 0; i < this.keys.length; i++) {
      const sent = sentAt.get(this.keys[i]!);
      if (sent === undefined) window.unmatched++;
      else window.add(this.kinds[i]!, (this.receivedNs[i]! - sent) / 1e6);
    }
    return window.report();
  }
}

/** The server with its simulator-fed call flow, and the screens in a process of their own. */
export interface Rig {
  server: ServerProcess;
  simulator: Simulator;
  screens: ChildHandle;
  sendTimes: SendTimes;
  agentExtensions: string[];
  close(): Promise<void>;
}

export interface RigOptions {
  simulator: Simulator;
  redisUrl: string;
  agents: number;
  supervisors: number;
  cpuProfileDir?: string;
}

/**
 * Starts the server (child process) against the simulator, and the screens process
 * (screens-child.ts), which connects one screen per agent (each goes available and answers every
 * call offered to it at once) and the supervisor screens.
 */
export async function startRig(options: RigOptions): Promise<Rig> {
  const { simulator } = options;
  const server = await startServerProcess({
    redisUrl: options.redisUrl,
    ariUrl: simulator.url,
    agents: options.agents,
    // Traffic picks agents at random: three lines each keep refusals for a busy agent rare.
    maxCalls: 3,
    agentEndpoint: "Local/{extension}@agents",
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const sendTimes = new SendTimes();
  const unsubscribe = simulator.control.on("event", (event, sentAtNs) => sendTimes.onAriEvent(event, sentAtNs));
  let screens: ChildHandle | undefined;
  const close = async () => {
    unsubscribe();
    await screens?.stop();
    await server.stop();
  };
  try {
    screens = await startChild(fileURLToPath(new URL("./screens-child.js", import.meta.url)), { readyTimeoutMs: 60_000 });
    await screens.request("connect", { port: server.port, agents: options.agents, supervisors: options.supervisors }, 600_000);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    server,
    simulator,
    screens,
    sendTimes,
    agentExtensions: Array.from({ length: options.agents }, (_, i) => extensionOf(i)),
    close,
  };
}

/**
 * Connects `agents` agent screens (each then goes available and answers every call offered to it)
 * and `supervisors` supervisor screens to the server at `url(token)`. Every new screen's
 * system_state reads the whole roster, so connections are opened a few at a time. `onFrame` sees
 * every frame with the screen's role; `firstSupervisor` is the supervisor whose call_refused
 * frames count the calls the server could not offer.
 */
export async function connectScreens(
  url: (token: string) => string,
  counts: { agents: number; supervisors: number },
  onFrame: (frame: Buffer, receivedNs: bigint, screen: WebSocket, role: "agent" | "supervisor") => void,
): Promise<{ agents: WebSocket[]; supervisors: WebSocket[] }> {
  const agents: WebSocket[] = [];
  const supervisors: WebSocket[] = [];
  let commandId = 0;
  await mapLimit(counts.agents, 16, async (index) => {
    const token = await signToken(benchSecret, { role: "agent", agentId: agentIdOf(index) });
    const socket = await openScreen(url(token), (frame, receivedNs, screen) => {
      onFrame(frame, receivedNs, screen, "agent");
      const seen = readFrame(frame);
      if (seen?.event === "call_incoming") screen.send(JSON.stringify({ type: "answer_call", id: `answer-${++commandId}`, sessionId: seen.sessionId }));
    });
    agents.push(socket);
    await setAvailable(socket);
  });
  await mapLimit(counts.supervisors, 8, async () => {
    const token = await signToken(benchSecret, { role: "supervisor" });
    supervisors.push(await openScreen(url(token), (frame, receivedNs, screen) => onFrame(frame, receivedNs, screen, "supervisor")));
  });
  return { agents, supervisors };
}

/** Sends `set_status available` and waits for its ack (calls are offered only to available agents). */
function setAvailable(socket: WebSocket): Promise<void> {
  const id = "available";
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      const onMessage = (data: Buffer) => {
        const text = data.toString();
        if (!text.includes(`"id":"${id}"`)) return;
        socket.off("message", onMessage);
        if (text.includes('"type":"ack"')) resolve();
        else reject(new Error(`set_status refused: ${text}`));
      };
      socket.on("message", onMessage);
      socket.send(JSON.stringify({ type: "set_status", id, status: "available" }));
    }),
    60_000,
    "set_status available",
  );
}

/** Traffic shape of the latency runs: every call direct to a random agent, short talk times. */
export function trafficFor(rig: Rig, callsPerSecond: number, durationMs: number, seed: number) {
  return {
    callsPerSecond,
    talkTimeMs: { mean: 2_000, min: 500, max: 5_000 },
    patienceMs: { mean: 30_000, min: 30_000, max: 30_000 },
    directShare: 1,
    agentExtensions: rig.agentExtensions,
    queueNumbers: [],
    durationMs,
    maxCalls: Math.ceil(callsPerSecond * (durationMs / 1000) * 2) + 10,
    seed,
  };
}

/** CPU seconds Redis has used (INFO cpu: user + system). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const read = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return read("used_cpu_user") + read("used_cpu_sys");
}

/** One rate's result. */
export interface RateResult {
  callsPerSecond: number;
  durationS: number;
  calls: { offered: number; bridged: number; completed: number; refusedByServer: number };
  /**
   * Calls the traffic generator placed per second of the run (offered ÷ duration): below
   * `callsPerSecond` when the load generator itself did not get the CPU to keep up.
   */
  achievedCallsPerSecond: number;
  latencyMs: ReturnType<LatencyWindow["report"]>;
  /**
   * CPU use during the run, as a share of one core (1 = one core busy): the server; the load
   * generator (this process: the ARI simulator and its traffic); the screens process; Redis.
   */
  cpuCores: { server: number; loadGenerator: number; screens: number; redis: number };
  /**
   * CPU time (ms) per call offered, of the server and of Redis: what a call costs them, which
   * other work on the machine does not change the way it changes the wall-clock figures.
   */
  cpuMsPerCall: { server: number; redis: number };
}

/**
 * Starts recording the screens' frames into the window `name`; `null` stops recording. With
 * `withoutVictim`, the frames of the supervisor the slow-consumer phase stalls are left out.
 */
export async function recordInto(rig: Rig, name: string | null, withoutVictim = false): Promise<void> {
  await rig.screens.request("window", { name, withoutVictim });
}

/** The latency report of window `name`, matched against the send times seen so far. */
export async function reportOf(rig: Rig, name: string): Promise<ReturnType<LatencyWindow["report"]>> {
  return rig.screens.request("report", { name, sentAt: rig.sendTimes.entries() });
}

/**
 * Runs generated traffic at `callsPerSecond` for `durationMs`, waits for every call to end
 * (bounded), and returns the latency of every measured frame at every screen.
 */
export async function measureRate(rig: Rig, redis: Redis, callsPerSecond: number, durationMs: number, seed: number): Promise<RateResult> {
  rig.sendTimes.clear();
  await rig.screens.request("refused");
  await recordInto(rig, "rate");
  await rig.server.cpu();
  await rig.screens.request("cpu");
  const loadCpu = process.cpuUsage();
  const redisCpu = await redisCpuSeconds(redis);
  const started = process.hrtime.bigint();
  const run = rig.simulator.control.startTraffic(trafficFor(rig, callsPerSecond, durationMs, seed));
  const counters = await withTimeout(run.finished, durationMs + 60_000, `traffic at ${callsPerSecond} calls/s`);
  const wallS = msBetween(started, process.hrtime.bigint()) / 1000;
  // Frames of the last hang-ups may still be on their way.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const serverCpu = await rig.server.cpu();
  const screensCpu = await rig.screens.request<{ userMs: number; systemMs: number }>("cpu");
  const load = process.cpuUsage(loadCpu);
  const redisUsed = (await redisCpuSeconds(redis)) - redisCpu;
  await recordInto(rig, null);
  const refused = await rig.screens.request<{ refused: number }>("refused");
  return {
    callsPerSecond,
    durationS: durationMs / 1000,
    calls: { offered: counters.offered, bridged: counters.bridged, completed: counters.completed, refusedByServer: refused.refused },
    achievedCallsPerSecond: round(counters.offered / (durationMs / 1000), 1),
    latencyMs: await reportOf(rig, "rate"),
    cpuMsPerCall: {
      server: round((serverCpu.userMs + serverCpu.systemMs) / Math.max(1, counters.offered)),
      redis: round((redisUsed * 1000) / Math.max(1, counters.offered)),
    },
    cpuCores: {
      server: round((serverCpu.userMs + serverCpu.systemMs) / 1000 / wallS),
      loadGenerator: round((load.user + load.system) / 1e6 / wallS),
      screens: round((screensCpu.userMs + screensCpu.systemMs) / 1000 / wallS),
      redis: round(redisUsed / wallS),
    },
  };
}
