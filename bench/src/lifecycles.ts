/**
 * Call lifecycles per second through the Redis state machine alone (no ARI, no WebSocket): each
 * lifecycle is what the server does to Redis state for one answered call — create the session,
 * reserve a slot on the agent, mark it connecting (the agent answered), connect it (both legs
 * bridged), release it (hang-up). Workers run lifecycles back to back, each on its own agent, so no
 * transition is refused for capacity.
 *
 * Round trips are counted on the client: every command ioredis writes (`sendCommand`), including
 * the reads some transitions do before their script and any EVAL retry after NOSCRIPT. Without
 * pipelining each command is one round trip. Redis' own count (INFO commandstats) is reported next
 * to it as a check.
 */
import { createStateStore } from "@acc/server";
import { Redis } from "ioredis";
import { round } from "./util.js";

export interface LifecycleResult {
  lifecycles: number;
  durationS: number;
  lifecyclesPerSecond: number;
  concurrency: number;
  /** Commands written by the client per lifecycle: each one round trip. */
  roundTripsPerLifecycle: number;
  /** Per command name, per lifecycle (client side). */
  commandsPerLifecycle: Record<string, number>;
  /** Redis' own count of commands executed per lifecycle (INFO commandstats delta). */
  redisCommandsPerLifecycle: number;
  /** CPU use as a share of one core (1 = one core busy). */
  cpuCores: { benchProcess: number; redis: number };
  /**
   * CPU time per lifecycle (µs) of Redis and of the client, and the rate one fully busy core of
   * each would sustain: on a machine shared with other work the wall-clock rate depends on what
   * else runs, these do not.
   */
  cpuMicrosPerLifecycle: { client: number; redis: number };
  ceilingPerCore: { client: number; redis: number };
  /** Lifecycle duration seen by one worker, ms. */
  lifecycleMs: { p50: number; p99: number };
  failures: number;
}

/** Sum of `calls=` in INFO commandstats. */
async function redisCommandCount(redis: Redis): Promise<number> {
  const info = await redis.info("commandstats");
  let total = 0;
  for (const match of info.matchAll(/calls=(\d+)/g)) total += Number(match[1]);
  return total;
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const read = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return read("used_cpu_user") + read("used_cpu_sys");
}

/**
 * Runs lifecycles with `concurrency` workers for `durationMs` (and at most `maxLifecycles`).
 * The Redis client has the server's options (no auto-pipelining).
 */
export async function measureLifecycles(redisUrl: string, options: { concurrency: number; durationMs: number; maxLifecycles: number }): Promise<LifecycleResult> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
  const probe = new Redis(redisUrl);
  try {
    const prefix = "bench-lifecycle:";
    const { agents, sessions } = createStateStore(redis, prefix);
    const now = Date.now();
    for (let i = 0; i < options.concurrency; i++) {
      const agentId = `lifecycle-${i}`;
      const added = await agents.upsertAgent({ agentId, extension: String(200_000 + i), agentName: `Lifecycle ${i}`, maxCalls: 1 }, now);
      if (!added.ok) throw new Error(`upsertAgent: ${added.message}`);
      const available = await agents.setPresence(agentId, "available", undefined, now);
      if (!available.ok) throw new Error(`setPresence: ${available.message}`);
    }
    // Warm up: load the scripts into Redis' script cache (the first EVALSHA of each misses).
    await runWorkers(sessions, options.concurrency, Date.now() + 500, options.concurrency * 4, "warm");

    const counts = new Map<string, number>();
    const original = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string }, stream?: unknown) => {
      counts.set(command.name, (counts.get(command.name) ?? 0) + 1);
      return original(command as Parameters<typeof original>[0], stream as Parameters<typeof original>[1]);
    }) as typeof redis.sendCommand;

    const commandsBefore = await redisCommandCount(probe);
    const redisCpuBefore = await redisCpu(probe);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const run = await runWorkers(sessions, options.concurrency, Date.now() + options.durationMs, options.maxLifecycles, "run");
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpuUsed = (await redisCpu(probe)) - redisCpuBefore;
    // The two INFO calls of the probe itself are Redis commands too.
    const redisCommands = (await redisCommandCount(probe)) - commandsBefore - 2;
    redis.sendCommand = original;

    let roundTrips = 0;
    for (const value of counts.values()) roundTrips += value;
    const perLifecycle = (value: number) => round(value / Math.max(1, run.completed), 3);
    return {
      lifecycles: run.completed,
      durationS: round(elapsedS, 3),
      lifecyclesPerSecond: Math.round(run.completed / elapsedS),
      concurrency: options.concurrency,
      roundTripsPerLifecycle: perLifecycle(roundTrips),
      commandsPerLifecycle: Object.fromEntries([...counts].sort().map(([name, value]) => [name, perLifecycle(value)])),
      redisCommandsPerLifecycle: perLifecycle(redisCommands),
      cpuCores: { benchProcess: round((cpu.user + cpu.system) / 1e6 / elapsedS), redis: round(redisCpuUsed / elapsedS) },
      cpuMicrosPerLifecycle: { client: round((cpu.user + cpu.system) / Math.max(1, run.completed), 1), redis: round((redisCpuUsed * 1e6) / Math.max(1, run.completed), 1) },
      ceilingPerCore: {
        client: Math.round(run.completed / ((cpu.user + cpu.system) / 1e6)),
        redis: Math.round(run.completed / Math.max(redisCpuUsed, 1e-6)),
      },
      lifecycleMs: run.lifecycleMs,
      failures: run.failures,
    };
  } finally {
    redis.disconnect();
    probe.disconnect();
  }
}

type Sessions = ReturnType<typeof createStateStore>["sessions"];

/** Workers run lifecycles until `deadline` (Unix ms) or `maxLifecycles` in total. */
async function runWorkers(sessions: Sessions, concurrency: number, deadline: number, maxLifecycles: number, tag: string) {
  let started = 0;
  let completed = 0;
  let failures = 0;
  const durations: number[] = [];
  const worker = async (index: number) => {
    const agentId = `lifecycle-${index}`;
    while (Date.now() < deadline && started < maxLifecycles) {
      const n = started++;
      const t0 = process.hrtime.bigint();
      const ok = await lifecycle(sessions, agentId, `${tag}-${index}-${n}`);
      if (ok) completed++;
      else failures++;
      if (durations.length < 200_000) durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  durations.sort((a, b) => a - b);
  const at = (p: number) => round(durations[Math.min(durations.length - 1, Math.ceil(p * durations.length) - 1)] ?? 0, 3);
  return { completed, failures, lifecycleMs: { p50: at(0.5), p99: at(0.99) } };
}

/** One answered call's state transitions. Returns false when any transition was refused. */
async function lifecycle(sessions: Sessions, agentId: string, channelId: string): Promise<boolean> {
  const now = Date.now();
  const sessionId = `call-${channelId}`;
  const created = await sessions.createSession(
    { sessionId, customerChannelId: channelId, customerNumber: "254712345678", callerName: "Bench", kind: "direct", extension: "0" },
    now,
  );
  if (!created.ok) return false;
  const reserved = await sessions.reserveSlot(sessionId, agentId, now + 20_000, now);
  if (!reserved.ok) return false;
  const connecting = await sessions.markConnecting(sessionId, agentId, now);
  if (!connecting.ok) return false;
  const connected = await sessions.connectCall(sessionId, `bridge-${sessionId}`, now);
  if (!connected.ok) return false;
  const released = await sessions.releaseSlot(sessionId, "customer_left", now);
  return released.ok && released.released;
}
