/**
 * Notes for the JSON and the table: for each missed target, by how much and what limits it. The
 * explanations come from CPU profiles of the server (`npm run bench -- --profile`) on the reference
 * machine; the figures in them are this run's.
 */
import type { FanoutResult } from "./fanout.js";
import type { LifecycleResult } from "./lifecycles.js";
import type { RateResult } from "./latency.js";
import type { MemoryResult } from "./memory.js";
import { atLeast, atMost, fmt, targets } from "./report.js";
import type { SlowConsumerResult } from "./slow-consumer.js";

export function limitsOf(results: {
  latency: RateResult[];
  lifecycles: LifecycleResult;
  fanout: FanoutResult;
  memory: MemoryResult;
  slowConsumer: SlowConsumerResult;
  loadAverages: Record<string, number>;
}): string[] {
  const notes: string[] = [];
  const busy = Object.entries(results.loadAverages).filter(([, load]) => load > 1.5);
  if (busy.length) {
    notes.push(
      `Other work shared the 2 cores: 1-minute load average ${busy.map(([phase, load]) => `${load} at ${phase}`).join(", ")}. Wall-clock figures (latency, rates) are slower than on an idle machine; CPU-per-operation figures are not affected.`,
    );
  }
  const top = results.latency.reduce((a, b) => (b.callsPerSecond > a.callsPerSecond ? b : a));
  const latency = atMost(top.latencyMs.all.p99, targets.latencyP99Ms, "ms");
  if (latency !== "met") {
    notes.push(
      `Event latency p99 at ${top.callsPerSecond} calls/s ${latency} (server ${top.cpuCores.server} cores, Redis ${top.cpuCores.redis}, benchmark process ${top.cpuCores.benchProcess}). ` +
        "Profile of the server: (1) the statistics push on change (at most once a second) and every new screen's system_state list every agent: one MULTI of two HGETALL per agent plus a sort by extension with localeCompare(numeric), which with 2,000 agents blocks the event loop for tens of ms each time, and system_stats does it twice (system and queue figures); events arriving meanwhile wait; " +
        "(2) each ARI event costs several sequential Redis round trips before its frame goes out (channel index GET, session HGETALL, the transition script, agent HGETALL, XADD), each a write system call; " +
        "(3) ari-client builds resource objects with their Swagger operations for every event. Fixes belong in server/src/state (listAgents: cache a numeric comparator, or keep agents sorted) and server/src/stats (one agent list per push).",
    );
  }
  const lifecycles = atLeast(results.lifecycles.lifecyclesPerSecond, targets.lifecyclesPerSecond, "lifecycles/s");
  if (lifecycles !== "met") {
    const l = results.lifecycles;
    notes.push(
      `Call lifecycles ${lifecycles}. Each lifecycle is ${l.roundTripsPerLifecycle} round trips (${Object.entries(l.commandsPerLifecycle).map(([c, n]) => `${n} ${c}`).join(", ")}): the 5 transition scripts and 4 reads of stored fields that name the keys a script needs (the fresh-keys pattern), and Redis runs ${l.redisCommandsPerLifecycle} commands per lifecycle inside the scripts. ` +
        `Redis spends ${l.cpuMicrosPerLifecycle.redis} µs of CPU and the client ${l.cpuMicrosPerLifecycle.client} µs per lifecycle: one busy core each would sustain ${fmt(l.ceilingPerCore.redis)} (Redis) and ${fmt(l.ceilingPerCore.client)} (client) lifecycles/s, but during the run they got ${l.cpuCores.redis} and ${l.cpuCores.benchProcess} of a core. Fewer round trips (the reads folded into the scripts, or pipelined) would cut the client's share.`,
    );
  }
  const fanout = atLeast(results.fanout.ratio, targets.fanoutRatio, "×");
  if (fanout !== "met") {
    notes.push(
      `Fan-out ratio ${fanout} (sender CPU per frame: server ${results.fanout.server.cpuMicrosPerFrame} µs, Socket.IO ${results.fanout.socketIo.cpuMicrosPerFrame} µs). ` +
        "Both are bound by one write system call per frame per client (writev leads both profiles); Socket.IO 4 already serialises each emit once and pre-frames it for WebSocket, so its per-client work is close to ws.send's. A 3× margin needs fewer system calls per frame, e.g. several frames per client written in one call when events come faster than sockets drain, which the transport does not do.",
    );
  }
  const largest = results.memory.levels[results.memory.levels.length - 1];
  if (largest) {
    const memory = atMost(largest.rssPerClientBytes / 1024, targets.bytesPerIdleClient / 1024, "KB");
    if (memory !== "met") {
      notes.push(
        `Memory per idle client ${memory} at ${fmt(largest.clients)} clients; heap ${fmt(largest.heapPerClientBytes / 1024)} KB, marginal RSS ${fmt(largest.marginalRssPerClientBytes / 1024)} KB per client. ` +
          "Per connection the server holds a ws WebSocket with its net.Socket, receiver and sender, the fastify request of the upgrade, a CommandRouter with its token bucket, a pino child logger, the closures of its handlers and its hub entry; RSS adds what the handshakes' short-lived allocations left in V8's and malloc's pools.",
      );
    }
  }
  if (results.memory.capNote) notes.push(results.memory.capNote);
  const slow = results.slowConsumer;
  if (!slow.dropped || slow.closeCode !== 1013) notes.push(`The stalled screen was ${slow.dropped ? `dropped with close code ${slow.closeCode ?? "none read"}` : "not dropped within the phase"}.`);
  return notes;
}
