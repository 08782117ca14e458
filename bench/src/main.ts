/**
 * `npm run bench`: starts a private Redis, the ARI simulator and the server, drives load, prints a
 * table of the figures against the issue's targets and writes it as JSON to
 * `bench/results/<ISO time>.json` with the machine's description.
 *
 * Options: `--quick` (or BENCH_QUICK=1) for a short smoke run with fewer clients, whose figures are
 * not comparable with the targets; `--profile` (or BENCH_PROFILE=1) writes V8 CPU profiles of the
 * server processes (`node --cpu-prof`) to `bench/results/profiles/`; `--only fanout,memory` (or
 * BENCH_ONLY) runs only the named phases, written as `*-partial.json`.
 *
 * Everything talks to 127.0.0.1 only; every loop is bounded in count and in time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { startSimulator } from "@acc/ari-simulator";
import { startLocalRedis } from "@acc/server";
import { Redis } from "ioredis";
import { measureFanout, type FanoutResult } from "./fanout.js";
import { measureLifecycles, type LifecycleResult } from "./lifecycles.js";
import { measureRate, startRig, type RateResult } from "./latency.js";
import { machineInfo } from "./machine.js";
import { measureMemory, type MemoryResult } from "./memory.js";
import { atLeast, atMost, fmt, renderTable, targets, type Row } from "./report.js";
import { measureSlowConsumer, type SlowConsumerResult } from "./slow-consumer.js";
import { limitsOf } from "./limits.js";
import { round } from "./util.js";

const quick = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const profile = process.argv.includes("--profile") || process.env.BENCH_PROFILE === "1";

/** The phases, in the order they run. */
const phaseNames = ["lifecycles", "latency", "slow-consumer", "fanout", "memory"] as const;
type PhaseName = (typeof phaseNames)[number];

/** The phases `--only a,b` (or BENCH_ONLY=a,b) names; all of them without it. */
function selectedPhases(): Set<PhaseName> {
  const flag = process.argv.indexOf("--only");
  const list = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_ONLY;
  if (list === undefined || list === "") return new Set(phaseNames);
  const names = list.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(phaseNames as readonly string[]).includes(name));
  if (unknown.length || names.length === 0) throw new Error(`--only takes a comma-separated list of ${phaseNames.join(", ")}; got "${list}"`);
  return new Set(names as PhaseName[]);
}

const selected = selectedPhases();
const partial = selected.size < phaseNames.length;

/** The run's size: the issue's figures by default, a small smoke run with --quick. */
const plan = quick
  ? { agents: 200, supervisors: 10, rates: [10, 50, 100], rateMs: 4_000, slowBaselineMs: 3_000, slowMaxStallMs: 20_000, fanoutClients: 200, fanoutFrames: 100, fanoutRounds: 3, fanoutSlowFrames: 50, fanoutSlowRounds: 1, memoryLevels: [200, 1_000], lifecycleMs: 2_000 }
  : { agents: 2_000, supervisors: 50, rates: [10, 50, 100], rateMs: 20_000, slowBaselineMs: 10_000, slowMaxStallMs: 60_000, fanoutClients: 2_000, fanoutFrames: 300, fanoutRounds: 5, fanoutSlowFrames: 100, fanoutSlowRounds: 3, memoryLevels: [1_000, 5_000, 20_000], lifecycleMs: 10_000 };

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
const profileDir = profile ? `${resultsDir}profiles` : undefined;

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The machine's 1-minute load average at each phase's start: other work on the machine takes CPU
 * from the processes measured, and latency figures are read against it.
 */
const loadAverages: Record<string, number> = {};
const phase = (name: string, line: string) => {
  loadAverages[name] = Math.round(os.loadavg()[0]! * 100) / 100;
  log(`${line} (load average ${loadAverages[name]})`);
};

async function main(): Promise<void> {
  const machine = machineInfo();
  const needed = Math.max(selected.has("latency") || selected.has("slow-consumer") ? plan.agents + plan.supervisors : 0, selected.has("fanout") ? plan.fanoutClients : 0) + 200;
  if (machine.openFiles.soft < needed) {
    throw new Error(`The open-file limit is ${machine.openFiles.soft}; the benchmark needs at least ${needed} (one per client). Raise it with \`ulimit -n ${needed}\` and run again.`);
  }
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(`Benchmark${quick ? " (quick mode: a smoke run, not the issue's figures)" : ""}${partial ? ` (only ${[...selected].join(", ")})` : ""} on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  const redisServer = await startLocalRedis();
  const redis = new Redis(redisServer.url);
  const simulator = await startSimulator({ port: 0 });
  const startedAt = new Date();
  try {
    const results: PhaseResults = {};
    if (selected.has("lifecycles")) {
      phase("lifecycles", "1/5 call lifecycles through the Redis state machine");
      await redis.flushall();
      const lifecycles = await measureLifecycles(redisServer.url, { concurrency: 64, durationMs: plan.lifecycleMs, maxLifecycles: 2_000_000 });
      results.lifecycles = lifecycles;
      log(`    ${fmt(lifecycles.lifecyclesPerSecond)} lifecycles/s, ${lifecycles.roundTripsPerLifecycle} round trips each`);
    }

    if (selected.has("latency") || selected.has("slow-consumer")) {
      phase("latency", `2/5 event latency with ${plan.agents} agent and ${plan.supervisors} supervisor screens`);
      await redis.flushall();
      const rig = await startRig({ simulator, redisUrl: redisServer.url, agents: plan.agents, supervisors: plan.supervisors, ...(profileDir ? { cpuProfileDir: profileDir } : {}) });
      try {
        if (selected.has("latency")) {
          const latency: RateResult[] = [];
          for (const [i, rate] of plan.rates.entries()) {
            const result = await measureRate(rig, redis, rate, plan.rateMs, 1000 + i);
            latency.push(result);
            const all = result.latencyMs.all;
            log(`    ${rate} calls/s: p50 ${fmt(all.p50)} ms, p99 ${fmt(all.p99)} ms, max ${fmt(all.max)} ms over ${fmt(all.count)} frames; CPU server ${result.cpuCores.server}, load generator ${result.cpuCores.loadGenerator}, screens ${result.cpuCores.screens}, Redis ${result.cpuCores.redis} (load average ${round(os.loadavg()[0]!, 2)})`);
          }
          results.latency = latency;
        }
        if (selected.has("slow-consumer")) {
          phase("slowConsumer", "3/5 slow consumer");
          const slowConsumer = await measureSlowConsumer(rig, { callsPerSecond: Math.max(...plan.rates), baselineMs: plan.slowBaselineMs, maxStallMs: plan.slowMaxStallMs, seed: 2000 });
          results.slowConsumer = slowConsumer;
          log(`    dropped ${slowConsumer.dropped} after ${slowConsumer.secondsToDrop ?? "-"} s, close code ${slowConsumer.closeCode ?? "-"}, others' p99 ${fmt(slowConsumer.othersBefore.p99)} → ${fmt(slowConsumer.othersDuringStall.p99)} ms`);
        }
      } finally {
        await rig.close();
      }
    }

    if (selected.has("fanout")) {
      phase("fanout", `4/5 fan-out to ${plan.fanoutClients} clients: server against Socket.IO`);
      await redis.flushall();
      const fanout = await measureFanout({ simulator, redisUrl: redisServer.url, clients: plan.fanoutClients, frames: plan.fanoutFrames, rounds: plan.fanoutRounds, slowFrames: plan.fanoutSlowFrames, slowRounds: plan.fanoutSlowRounds, ...(profileDir ? { cpuProfileDir: profileDir } : {}) });
      results.fanout = fanout;
      log(`    burst: server ${fmt(fanout.server.framesPerSecond)} frames/s, Socket.IO ${fmt(fanout.socketIo.framesPerSecond)} frames/s, ratio ${fanout.ratio}`);
      const slow = fanout.oneAtATime;
      log(`    one at a time: server ${fmt(slow.server.framesPerSecond)} frames/s, Socket.IO ${fmt(slow.socketIo.framesPerSecond)} frames/s, ratio ${slow.ratio}`);
    }

    if (selected.has("memory")) {
      phase("memory", `5/5 memory per idle client at ${plan.memoryLevels.join(", ")} clients`);
      await redis.flushall();
      const memory = await measureMemory({ simulator, redisUrl: redisServer.url, levels: plan.memoryLevels, openFilesHard: machine.openFiles.hard, clientsPerProcess: 10_000 });
      results.memory = memory;
      for (const level of memory.levels) log(`    ${level.clients} clients: ${fmt(level.rssPerClientBytes / 1024)} KB RSS, ${fmt(level.heapPerClientBytes / 1024)} KB heap (${fmt(level.heapCommittedPerClientBytes / 1024)} KB committed) per client`);
    }

    const rows = tableRows(results);
    const notes = limitsOf({ ...results, loadAverages });
    log("");
    log(renderTable(rows));
    if (notes.length) log(`\nNotes:\n${notes.map((note) => `- ${note}`).join("\n")}`);
    const file = `${resultsDir}${startedAt.toISOString().replace(/:/g, "-")}${quick ? "-quick" : ""}${partial ? "-partial" : ""}.json`;
    const json = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      quick,
      phases: [...selected],
      machine,
      clock:
        "Event latency: the simulator's send time (benchmark process) and the screens' receive time (screens process) are both process.hrtime.bigint(), CLOCK_MONOTONIC, one clock for the whole machine; the server runs in a child process of its own.",
      loadAverages,
      targets,
      table: rows,
      notes,
      ...results,
    };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    log(`\nWritten to ${file}`);
  } finally {
    redis.disconnect();
    await simulator.close();
    await redisServer.stop();
  }
}

/** What the phases that ran measured. */
interface PhaseResults {
  latency?: RateResult[];
  lifecycles?: LifecycleResult;
  fanout?: FanoutResult;
  memory?: MemoryResult;
  slowConsumer?: SlowConsumerResult;
}

function tableRows({ latency = [], lifecycles, fanout, memory, slowConsumer: slow }: PhaseResults): Row[] {
  const rows: Row[] = [];
  const top = Math.max(...latency.map((r) => r.callsPerSecond));
  for (const rate of latency) {
    const all = rate.latencyMs.all;
    rows.push({
      figure: `event latency at ${rate.callsPerSecond} calls/s (${fmt(rate.achievedCallsPerSecond)} placed), p50/p95/p99/max`,
      value: `${fmt(all.p50)} / ${fmt(all.p95)} / ${fmt(all.p99)} / ${fmt(all.max)} ms`,
      target: rate.callsPerSecond === top ? `p99 ≤ ${targets.latencyP99Ms} ms` : "—",
      verdict: rate.callsPerSecond === top ? atMost(all.p99, targets.latencyP99Ms, "ms") : "—",
    });
  }
  for (const rate of latency) {
    const cpu = rate.cpuCores;
    rows.push({
      figure: `CPU at ${rate.callsPerSecond} calls/s, cores: server / load generator / screens / Redis; ms per call: server / Redis`,
      value: `${cpu.server} / ${cpu.loadGenerator} / ${cpu.screens} / ${cpu.redis}; ${rate.cpuMsPerCall.server} / ${rate.cpuMsPerCall.redis}`,
      target: "—",
      verdict: "—",
    });
  }
  if (lifecycles) {
    rows.push({
      figure: "call lifecycles/s (Redis state machine)",
      value: fmt(lifecycles.lifecyclesPerSecond),
      target: `≥ ${fmt(targets.lifecyclesPerSecond)}`,
      verdict: atLeast(lifecycles.lifecyclesPerSecond, targets.lifecyclesPerSecond, "lifecycles/s"),
    });
    rows.push({ figure: "Redis round trips per lifecycle", value: String(lifecycles.roundTripsPerLifecycle), target: "—", verdict: "—" });
    rows.push({
      figure: "lifecycle CPU, Redis / client (lifecycles per busy core)",
      value: `${lifecycles.cpuMicrosPerLifecycle.redis} / ${lifecycles.cpuMicrosPerLifecycle.client} µs (${fmt(lifecycles.ceilingPerCore.redis)} / ${fmt(lifecycles.ceilingPerCore.client)})`,
      target: "—",
      verdict: "—",
    });
  }
  if (fanout) {
    rows.push({ figure: `fan-out frames/s to ${fmt(fanout.clients)} clients, burst of ${fanout.framesPerRound}, server`, value: fmt(fanout.server.framesPerSecond), target: "—", verdict: "—" });
    rows.push({ figure: `fan-out frames/s to ${fmt(fanout.clients)} clients, burst of ${fanout.framesPerRound}, Socket.IO io.emit`, value: fmt(fanout.socketIo.framesPerSecond), target: "—", verdict: "—" });
    rows.push({
      figure: "fan-out burst, sender CPU per frame, server / Socket.IO",
      value: `${fanout.server.cpuMicrosPerFrame} / ${fanout.socketIo.cpuMicrosPerFrame} µs (${fanout.cpuRatio}×)`,
      target: "—",
      verdict: "—",
    });
    rows.push({ figure: "fan-out ratio server ÷ Socket.IO (burst)", value: `${fanout.ratio}×`, target: `≥ ${targets.fanoutRatio}×`, verdict: atLeast(fanout.ratio, targets.fanoutRatio, "×") });
    const slow = fanout.oneAtATime;
    rows.push({
      figure: `fan-out one event per turn (${slow.framesPerRound} a round): frames/s server / Socket.IO (ratio); CPU per frame`,
      value: `${fmt(slow.server.framesPerSecond)} / ${fmt(slow.socketIo.framesPerSecond)} (${slow.ratio}×); ${slow.server.cpuMicrosPerFrame} / ${slow.socketIo.cpuMicrosPerFrame} µs`,
      target: "—",
      verdict: "—",
    });
  }
  if (memory) {
    const largest = memory.levels[memory.levels.length - 1];
    for (const level of memory.levels) {
      rows.push({
        figure: `memory per idle client at ${fmt(level.clients)} clients, RSS / heap (committed)`,
        value: `${fmt(level.rssPerClientBytes / 1024)} / ${fmt(level.heapPerClientBytes / 1024)} (${fmt(level.heapCommittedPerClientBytes / 1024)}) KB`,
        target: level === largest ? `RSS ≤ ${targets.bytesPerIdleClient / 1024} KB` : "—",
        verdict: level === largest ? atMost(level.rssPerClientBytes / 1024, targets.bytesPerIdleClient / 1024, "KB") : "—",
      });
    }
  }
  if (slow) {
    const allowed = Math.max(slow.othersBefore.p99 * targets.slowConsumerP99Factor, slow.othersBefore.p99 + targets.slowConsumerP99SlackMs);
    rows.push({
      figure: `slow consumer: others' p99 before → during stall (${slow.callsPerSecond} calls/s)`,
      value: `${fmt(slow.othersBefore.p99)} → ${fmt(slow.othersDuringStall.p99)} ms`,
      target: `≤ ${fmt(allowed)} ms`,
      verdict: atMost(slow.othersDuringStall.p99, allowed, "ms"),
    });
    rows.push({
      figure: "slow consumer: dropped, close code, bytes buffered for it",
      value: `${slow.dropped ? `after ${slow.secondsToDrop} s` : "no"}, ${slow.closeCode ?? "-"}, ${fmt(slow.bytesBufferedForIt / 1024 / 1024)} MiB`,
      target: "dropped, 1013",
      verdict: slow.dropped && slow.closeCode === 1013 ? "met" : "missed",
    });
  }
  return rows;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
