/**
 * Notes for the JSON and the table: for each missed target, by how much and what limits it. The
 * explanations come from CPU profiles of the server (`npm run bench -- --profile`).
 */
import type { FanoutResult } from "./fanout.js";
import type { LifecycleResult } from "./lifecycles.js";
import type { RateResult } from "./latency.js";
import type { MemoryResult } from "./memory.js";
import { atLeast, atMost, targets } from "./report.js";
import type { SlowConsumerResult } from "./slow-consumer.js";

export function limitsOf(results: {
  latency: RateResult[];
  lifecycles: LifecycleResult;
  fanout: FanoutResult;
  memory: MemoryResult;
  slowConsumer: SlowConsumerResult;
}): string[] {
  const notes: string[] = [];
  const top = results.latency.reduce((a, b) => (b.callsPerSecond > a.callsPerSecond ? b : a));
  const latency = atMost(top.latencyMs.all.p99, targets.latencyP99Ms, "ms");
  if (latency !== "met") notes.push(`Event latency p99 at ${top.callsPerSecond} calls/s ${latency}.`);
  const lifecycles = atLeast(results.lifecycles.lifecyclesPerSecond, targets.lifecyclesPerSecond, "lifecycles/s");
  if (lifecycles !== "met") notes.push(`Call lifecycles ${lifecycles}.`);
  const fanout = atLeast(results.fanout.ratio, targets.fanoutRatio, "×");
  if (fanout !== "met") notes.push(`Fan-out ratio ${fanout}.`);
  const largest = results.memory.levels[results.memory.levels.length - 1];
  if (largest) {
    const memory = atMost(largest.rssPerClientBytes / 1024, targets.bytesPerIdleClient / 1024, "KB");
    if (memory !== "met") notes.push(`Memory per idle client ${memory}.`);
  }
  if (results.memory.capNote) notes.push(results.memory.capNote);
  return notes;
}
