/**
 * One chaos run: a private Redis, the ARI simulator with generated traffic, the server as a child
 * process, robot agent screens that answer their calls, and two supervisor screens that watch the
 * event log (one stays connected as long as the server lets it, one drops and reconnects with
 * `lastEventId` all the time). The faults of the profile strike one after another while traffic
 * flows; then traffic drains, the server settles, and the run measures what the table shows.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "@acc/ari-simulator";
import { freePort, signToken, startRestartableRedis } from "@acc/server";
import * as faults from "./faults.js";
import type { FaultContext, FaultResult } from "./faults.js";
import { missingIds } from "./event-ids.js";
import { eventually, sleep } from "./wait.js";
import { RedisWatch, type RosterAgent } from "./redis-watch.js";
import { type Frame, Screen } from "./screen.js";
import { ServerProcess } from "./server-process.js";

/** The faults a run can inject, by name (see the README's table). */
export type FaultName =
  | "kill-server"
  | "cut-ari-socket"
  | "restart-asterisk"
  | "stop-redis"
  | "duplicate-reorder-events"
  | "race-assignments"
  | "malformed-frames"
  | "stall-consumer";

/** How much of each fault a run injects, and how long it may take. */
export interface ChaosProfile {
  faults: FaultName[];
  /** Generated customer calls per second while the faults strike. */
  callsPerSecond: number;
  /** Times each repeated fault strikes. */
  repeats: number;
  redisDownMs: number;
  asteriskDownMs: number;
  eventFaultMs: number;
  assignments: number;
  queuedCalls: number;
  malformedFrames: number;
  stallMs: number;
  /** How long the server may take to settle after traffic drained (ms). */
  settleMs: number;
  /** How often the reconnecting screen drops its connection (ms). */
  bounceEveryMs: number;
  seed: number;
}

export const fullProfile: ChaosProfile = {
  faults: ["kill-server", "cut-ari-socket", "restart-asterisk", "stop-redis", "duplicate-reorder-events", "race-assignments", "malformed-frames", "stall-consumer"],
  callsPerSecond: 6,
  repeats: 3,
  redisDownMs: 2000,
  asteriskDownMs: 1000,
  eventFaultMs: 8000,
  assignments: 100,
  queuedCalls: 10,
  malformedFrames: 10_000,
  stallMs: 5000,
  settleMs: 70_000,
  bounceEveryMs: 700,
  seed: 1,
};

/** One fault's line in the table. */
export interface FaultLine extends FaultResult {
  fault: FaultName;
  /** When the fault started and ended (Unix ms). */
  startedAt: number;
  endedAt: number;
  /** Set when the fault itself failed to run (the run goes on). */
  error?: string;
}

/** What a run measured. The counts must be 0. */
export interface ChaosReport {
  faults: FaultLine[];
  leakedCapacity: number;
  agentsAboveMaxCalls: number;
  /** Logged events the screen that drops and reconnects with `lastEventId` every 700 ms never got. */
  eventsLost: number;
  /** Logged events the steady screen (reconnected only when the server dropped it) never got. */
  eventsLostConnected: number;
  crashes: number;
  /** Explanations of the non-zero counts, one line each. */
  details: string[];
  traffic: Record<string, number>;
}

const appName = "contact-center";
/** A fresh token secret per run, as an operator would generate one (`openssl rand -hex 32`). */
const secret = randomBytes(32).toString("hex");
const prefix = "chaos:";

/** The roster the server gets: six agents, one or two lines each. */
export const chaosRoster: RosterAgent[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  agentId: `agent-100${n}`,
  extension: `100${n}`,
  agentName: `Chaos Agent ${n}`,
  maxCalls: n % 3 === 0 ? 1 : 2,
}));

/** Queue 8000 is served by hand (the assignment race); 8001 distributes itself (generated traffic). */
const chaosQueues = [
  { queueNumber: "8000", name: "Race", members: [], strategy: "manual", ringTimeoutS: 4, wrapUpS: 0, serviceLevelS: 20, maxWaitS: 60, overflow: { action: "hangup" } },
  { queueNumber: "8001", name: "Traffic", members: [], strategy: "longest-idle", ringTimeoutS: 4, wrapUpS: 0, serviceLevelS: 20, maxWaitS: 8, overflow: { action: "hangup" } },
];

/** Runs the profile; never throws for what the faults do, only for a set-up that cannot start. */
export async function runChaos(profile: ChaosProfile, log: (line: string) => void = () => {}): Promise<ChaosReport> {
  const dir = mkdtempSync(join(tmpdir(), "acc-chaos-"));
  const cleanup: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    writeFileSync(join(dir, "agents.json"), JSON.stringify(chaosRoster));
    writeFileSync(join(dir, "queues.json"), JSON.stringify(chaosQueues));
    const redis = await startRestartableRedis();
    cleanup.unshift(() => redis.dispose());
    const simulator = await startSimulator({ appName });
    cleanup.unshift(() => simulator.close());
    const server = new ServerProcess(await freePort(), {
      ARI_URL: simulator.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      AUTH_SECRET: secret,
      AGENTS_FILE: join(dir, "agents.json"),
      QUEUES_FILE: join(dir, "queues.json"),
      AGENT_ENDPOINT: "Local/{extension}@agents",
      RING_TIMEOUT_S: "4",
      LOG_LEVEL: "warn",
    });
    cleanup.unshift(() => server.close());
    log("starting the server");
    await server.start();
    if (!(await server.waitHealthy(30_000))) throw new Error("the server did not become healthy");

    const screens: Screen[] = [];
    cleanup.unshift(() => screens.forEach((screen) => screen.close()));
    const open = async (role: "agent" | "supervisor" | "ops", agentId?: string, onFrame?: (frame: Frame, screen: Screen) => void, onReady?: (screen: Screen) => void) => {
      const token = await signToken(secret, { role, ...(agentId ? { agentId } : {}) });
      const screen = new Screen({ wsUrl: server.wsUrl, token, onFrame, onReady });
      screens.push(screen);
      await screen.open();
      return screen;
    };

    // Robot agents: available on every (re)connection, answer each offered call at once.
    for (const agent of chaosRoster) {
      await open(
        "agent",
        agent.agentId,
        (frame, screen) => {
          if (frame.event === "call_incoming" && frame.data?.agentId === agent.agentId) {
            void screen.command({ type: "answer_call", sessionId: String(frame.data.sessionId) });
          }
        },
        (screen) => void screen.command({ type: "set_status", status: "available" }),
      );
    }
    const waiting = new Map<string, Set<string>>();
    const aboveMaxOnScreens = new Map<string, number>();
    const watch = (frame: Frame) => {
      const data = frame.data ?? {};
      if (frame.event === "incoming_queue_call") {
        const queue = String(data.queueNumber);
        waiting.set(queue, (waiting.get(queue) ?? new Set()).add(String(data.sessionId)));
      }
      if (frame.event === "queue_call_removed") waiting.get(String(data.queueNumber))?.delete(String(data.sessionId));
      if (frame.event === "agent_status_updated") {
        const capacity = data.capacity as { current?: number; max?: number } | undefined;
        if (capacity && (capacity.current ?? 0) > (capacity.max ?? Infinity)) {
          aboveMaxOnScreens.set(String(data.agentId), Math.max(capacity.current ?? 0, aboveMaxOnScreens.get(String(data.agentId)) ?? 0));
        }
      }
    };
    const steady = await open("supervisor", undefined, watch);
    const bouncing = await open("supervisor");
    const bouncer = setInterval(() => bouncing.bounce(), profile.bounceEveryMs);
    cleanup.unshift(() => clearInterval(bouncer));

    const redisWatch = new RedisWatch(redis.url, prefix, chaosRoster);
    cleanup.unshift(() => redisWatch.close());
    redisWatch.start();


    const context: FaultContext = {
      server,
      simulator,
      redis,
      appName,
      openScreen: (role) => open(role),
      waitingCalls: (queueNumber) => [...(waiting.get(queueNumber) ?? [])],
      agentIds: chaosRoster.map((agent) => agent.agentId),
    };
    const lines: FaultLine[] = [];
    let doubleAssignments = 0;
    const strike = async (fault: FaultName) => {
      log(`fault: ${fault}`);
      const startedAt = Date.now();
      try {
        const result = await injectFault(fault, context, profile);
        if ("doubleAssignments" in result) doubleAssignments += Number(result.doubleAssignments);
        lines.push({ fault, injected: result.injected, note: result.note, startedAt, endedAt: Date.now() });
      } catch (error) {
        lines.push({ fault, injected: 0, note: "", error: error instanceof Error ? error.message : String(error), startedAt, endedAt: Date.now() });
      }
      await server.waitHealthy(15_000);
    };
    // The assignment race goes first, while every agent has free lines, so several can win each call.
    if (profile.faults.includes("race-assignments")) await strike("race-assignments");
    const traffic = simulator.control.startTraffic({
      callsPerSecond: profile.callsPerSecond,
      talkTimeMs: { mean: 1500, min: 500, max: 3000 },
      patienceMs: { mean: 3000, min: 1000, max: 6000 },
      directShare: 0.5,
      agentExtensions: chaosRoster.map((agent) => agent.extension),
      queueNumbers: ["8001"],
      maxCalls: 5000,
      seed: profile.seed,
    });
    await sleep(1500);
    for (const fault of profile.faults.filter((name) => name !== "race-assignments")) await strike(fault);

    log("draining traffic");
    const counters = traffic.stop();
    clearInterval(bouncer);
    await Promise.race([traffic.finished, sleep(20_000)]);
    log("waiting for the server to settle");
    const leak = async () => {
      const held = await redisWatch.heldCalls().catch(() => new Map<string, number>());
      const heldTotal = [...held.values()].reduce((sum, count) => sum + count, 0);
      const channels = simulator.control.listChannels().length;
      // A queue's empty holding bridge is the server's waiting room, kept for the next caller; it holds no capacity.
      const bridges = simulator.control.listBridges().filter((bridge) => bridge.bridge_type !== "holding" || bridge.channels.length > 0).length;
      return { held, heldTotal, channels, bridges, total: heldTotal + channels + bridges };
    };
    await eventually(async () => (await leak()).total === 0, profile.settleMs, 250);
    const leaked = await leak();
    // The reconnecting screen catches up once more, then both screens are compared with the log.
    await bouncing.command({ type: "ping" });
    await sleep(500);
    await redisWatch.collectLog().catch(() => undefined);
    const lostSteady = missingIds(redisWatch.supervisorLog, steady.ids);
    const lostBouncing = missingIds(redisWatch.supervisorLog, bouncing.ids);

    const details: string[] = [];
    if (leaked.total > 0) {
      const perAgent = [...leaked.held].filter(([, count]) => count > 0).map(([agentId, count]) => `${agentId} holds ${count}`);
      const open = await redisWatch.openSessions().catch(() => -1);
      details.push(`leaked capacity: ${[...perAgent, `${leaked.channels} channels and ${leaked.bridges} bridges left on the simulator`, `${open} sessions open in Redis`].join(", ")}`);
      for (const channel of simulator.control.listChannels()) {
        const created = Date.parse(channel.creationtime.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
        const fault = lines.find((line) => created >= line.startedAt && created <= line.endedAt)?.fault ?? "no fault";
        details.push(
          `  channel left: ${channel.name} (${channel.id}) state ${channel.state}, at ${channel.dialplan.context}/${channel.dialplan.exten} ` +
            `${channel.dialplan.app_name}(${channel.dialplan.app_data}), created during ${fault}`,
        );
      }
    }
    const above = new Map([...redisWatch.aboveMaxCalls, ...aboveMaxOnScreens]);
    if (above.size > 0 || doubleAssignments > 0) {
      details.push(`above maxCalls: ${[...above].map(([agentId, count]) => `${agentId} held ${count}`).join(", ") || "none"}; calls assigned twice: ${doubleAssignments}`);
    }
    if (lostSteady.length + lostBouncing.length > 0) {
      details.push(
        `events lost: reconnecting screen ${lostBouncing.length}, steady screen ${lostSteady.length}, of ${redisWatch.supervisorLog.length} logged; ` +
          `${bouncing.connections} and ${steady.connections} connections`,
      );
      const during = (id: string) => {
        const ms = Number(id.split("-")[0]);
        return lines.find((line) => ms >= line.startedAt && ms <= line.endedAt)?.fault ?? "no fault";
      };
      for (const [screen, lost] of [["reconnecting", lostBouncing], ["steady", lostSteady]] as const) {
        for (const id of lost.slice(0, 5)) {
          const twin = redisWatch.twinOf(id);
          details.push(`  ${screen} screen missed ${id} (${redisWatch.eventNames.get(id)}, logged during ${during(id)}${twin ? `; the same event and payload are logged again as ${twin}` : ""})`);
        }
      }
    }
    for (const crash of server.crashes) details.push(`crash: exit code ${crash.code} signal ${crash.signal}: ${crash.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    for (const line of lines) if (line.error) details.push(`fault ${line.fault} could not run: ${line.error}`);
    return {
      faults: lines,
      leakedCapacity: leaked.total,
      agentsAboveMaxCalls: above.size + doubleAssignments,
      eventsLost: lostBouncing.length,
      eventsLostConnected: lostSteady.length,
      crashes: server.crashes.length,
      details,
      traffic: { ...counters },
    };
  } finally {
    for (const step of cleanup) await step();
  }
}

async function injectFault(fault: FaultName, context: FaultContext, profile: ChaosProfile): Promise<FaultResult & { doubleAssignments?: number }> {
  switch (fault) {
    case "kill-server":
      return faults.killServer(context, profile.repeats);
    case "cut-ari-socket":
      return faults.cutAriSocket(context, profile.repeats);
    case "restart-asterisk":
      return faults.restartAsterisk(context, profile.repeats, profile.asteriskDownMs);
    case "stop-redis":
      return faults.stopRedis(context, profile.repeats, profile.redisDownMs);
    case "duplicate-reorder-events":
      return faults.duplicateAndReorder(context, profile.eventFaultMs, { duplicateEvery: 3, reorderEvery: 4 });
    case "race-assignments":
      return faults.raceAssignments(context, "8000", profile.queuedCalls, profile.assignments);
    case "malformed-frames":
      return faults.sendMalformedFrames(context, profile.malformedFrames, 4, 30_000);
    case "stall-consumer":
      return faults.stallConsumer(context, 30, profile.stallMs);
  }
}
