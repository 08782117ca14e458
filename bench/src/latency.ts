/**
 * Event latency: from the simulator writing an ARI event to each WebSocket screen handing over the
 * frame the server made of it, for every recipient (the agent and every supervisor).
 *
 * Clock: the simulator and the screens run in this process; the send time is the simulator's
 * `process.hrtime.bigint()` taken right after its WebSocket write, the receive time is
 * `process.hrtime.bigint()` at the start of the screen's `message` handler. One process, one
 * monotonic clock. The server runs in a child process, so it does not share this event loop.
 *
 * Pairs measured (the session id ties the frame to the ARI event):
 * - StasisStart of the customer channel `<id>` → `call_incoming` of session `call-<id>`;
 * - ChannelEnteredBridge of the agent leg `call-<id>-agent` → `call_bridged_successfully`;
 * - StasisEnd of the customer channel → `customer_left_bridge`.
 */
import type { AriEvent, Simulator } from "@acc/ari-simulator";
import { signToken } from "@acc/server";
import type { Redis } from "ioredis";
import type { WebSocket } from "ws";
import { Samples, type Summary } from "./samples.js";
import { closeAll, openScreen } from "./screens.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { agentIdOf, benchSecret, extensionOf } from "./roster.js";
import { mapLimit, msBetween, round, withTimeout } from "./util.js";

/** The frame each measured ARI event leads to. */
const measuredFrames = { call_incoming: "offer", call_bridged_successfully: "bridge", customer_left_bridge: "end" } as const;
type Kind = (typeof measuredFrames)[keyof typeof measuredFrames];

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

/**
 * Ties frames to the ARI events that caused them. `window` receives the samples; frames received
 * by `excluded` (the stalled screen of the slow-consumer phase) are not counted.
 */
export class LatencyTracker {
  private readonly sentAt = new Map<string, bigint>();
  window: LatencyWindow | undefined;
  excluded: WebSocket | undefined;
  /** `call_refused` frames seen by the first supervisor (calls the server could not offer). */
  refused = 0;

  onAriEvent(event: AriEvent, sentAtNs: bigint): void {
    const channel = event.channel as { id?: string } | undefined;
    const id = channel?.id;
    if (!id) return;
    if (event.type === "StasisStart" && Array.isArray(event.args) && event.args[0] === "agent") this.sentAt.set(`offer:call-${id}`, sentAtNs);
    else if (event.type === "ChannelEnteredBridge" && id.endsWith("-agent")) this.sentAt.set(`bridge:${id.slice(0, -"-agent".length)}`, sentAtNs);
    else if (event.type === "StasisEnd" && !id.startsWith("call-")) this.sentAt.set(`end:call-${id}`, sentAtNs);
  }

  /** Reads the event name and session id of a frame without parsing all of it. */
  onFrame(frame: Buffer, receivedNs: bigint, socket: WebSocket): { event: string; sessionId: string } | undefined {
    if (frame.compare(eventPrefix, 0, eventPrefix.length, 0, eventPrefix.length) !== 0) return undefined;
    const text = frame.toString();
    const event = text.slice(eventPrefix.length, text.indexOf('"', eventPrefix.length));
    const kind = measuredFrames[event as keyof typeof measuredFrames];
    const at = text.indexOf(sessionMarker);
    const sessionId = at < 0 ? "" : text.slice(at + sessionMarker.length, text.indexOf('"', at + sessionMarker.length));
    if (kind && this.window && socket !== this.excluded) {
      const sent = this.sentAt.get(`${kind}:${sessionId}`);
      if (sent === undefined) this.window.unmatched++;
      else this.window.add(kind, msBetween(sent, receivedNs));
    }
    return { event, sessionId };
  }

  /** Forgets the ARI send times of finished calls (between rates). */
  clear(): void {
    this.sentAt.clear();
  }
}

/** The server with its simulator-fed call flow and the connected screens. */
export interface Rig {
  server: ServerProcess;
  simulator: Simulator;
  agents: WebSocket[];
  supervisors: WebSocket[];
  tracker: LatencyTracker;
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
 * Starts the server (child process) against the simulator, connects one screen per agent (each
 * goes available and answers every call offered to it at once) and the supervisor screens.
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
  const tracker = new LatencyTracker();
  const unsubscribe = simulator.control.on("event", (event, sentAtNs) => tracker.onAriEvent(event, sentAtNs));
  const agents: WebSocket[] = [];
  const supervisors: WebSocket[] = [];
  const close = async () => {
    unsubscribe();
    await closeAll([...agents, ...supervisors]);
    await server.stop();
  };
  try {
    await connectScreens(server, tracker, options, agents, supervisors);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    server,
    simulator,
    agents,
    supervisors,
    tracker,
    agentExtensions: Array.from({ length: options.agents }, (_, i) => extensionOf(i)),
    close,
  };
}

/**
 * Connects the agent screens (each then goes available) and the supervisor screens. Every new
 * screen's system_state reads the whole roster, so connections are opened a few at a time.
 */
async function connectScreens(server: ServerProcess, tracker: LatencyTracker, options: RigOptions, agents: WebSocket[], supervisors: WebSocket[]): Promise<void> {
  let commandId = 0;
  await mapLimit(options.agents, 16, async (index) => {
    const token = await signToken(benchSecret, { role: "agent", agentId: agentIdOf(index) });
    const socket = await openScreen(server.wsUrl(token), (frame, receivedNs, screen) => {
      const seen = tracker.onFrame(frame, receivedNs, screen);
      if (seen?.event === "call_incoming") screen.send(JSON.stringify({ type: "answer_call", id: `answer-${++commandId}`, sessionId: seen.sessionId }));
    });
    agents.push(socket);
    await setAvailable(socket);
  });
  let firstSupervisor: WebSocket | undefined;
  await mapLimit(options.supervisors, 8, async () => {
    const token = await signToken(benchSecret, { role: "supervisor" });
    const socket = await openScreen(server.wsUrl(token), (frame, receivedNs, screen) => {
      const seen = tracker.onFrame(frame, receivedNs, screen);
      if (seen?.event === "call_refused" && screen === firstSupervisor) tracker.refused++;
    });
    firstSupervisor ??= socket;
    supervisors.push(socket);
  });
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
  latencyMs: ReturnType<LatencyWindow["report"]>;
  /** CPU use during the run, as a share of one core (1 = one core busy). */
  cpuCores: { server: number; benchProcess: number; redis: number };
}

/**
 * Runs generated traffic at `callsPerSecond` for `durationMs`, waits for every call to end
 * (bounded), and returns the latency of every measured frame at every screen.
 */
export async function measureRate(rig: Rig, redis: Redis, callsPerSecond: number, durationMs: number, seed: number): Promise<RateResult> {
  rig.tracker.clear();
  rig.tracker.refused = 0;
  const window = new LatencyWindow();
  rig.tracker.window = window;
  await rig.server.cpu();
  const benchCpu = process.cpuUsage();
  const redisCpu = await redisCpuSeconds(redis);
  const started = process.hrtime.bigint();
  const run = rig.simulator.control.startTraffic(trafficFor(rig, callsPerSecond, durationMs, seed));
  const counters = await withTimeout(run.finished, durationMs + 60_000, `traffic at ${callsPerSecond} calls/s`);
  const wallS = msBetween(started, process.hrtime.bigint()) / 1000;
  // Frames of the last hang-ups may still be on their way.
  await new Promise((resolve) => setTimeout(resolve, 500));
  rig.tracker.window = undefined;
  const serverCpu = await rig.server.cpu();
  const bench = process.cpuUsage(benchCpu);
  const redisUsed = (await redisCpuSeconds(redis)) - redisCpu;
  return {
    callsPerSecond,
    durationS: durationMs / 1000,
    calls: { offered: counters.offered, bridged: counters.bridged, completed: counters.completed, refusedByServer: rig.tracker.refused },
    latencyMs: window.report(),
    cpuCores: {
      server: round((serverCpu.userMs + serverCpu.systemMs) / 1000 / wallS),
      benchProcess: round((bench.user + bench.system) / 1e6 / wallS),
      redis: round(redisUsed / wallS),
    },
  };
}
