/**
 * Notes for the JSON and the table: for each missed target, by how much and what limits it. The
 * explanations come from CPU profiles of the server (`npm run bench -- --profile`) and heap
 * snapshots of idle clients on the reference machine; the figures in them are this run's.
 */
import type { FanoutResult } from "./fanout.js";
import type { LifecycleResult } from "./lifecycles.js";
import type { RateResult } from "./latency.js";
import type { MemoryResult } from "./memory.js";
import { atLeast, atMost, fmt, targets } from "./report.js";
import type { SlowConsumerResult } from "./slow-consumer.js";

/** The notes for the phases that ran (a run with `--only` has some results missing). */
export function limitsOf(results: {
  latency?: RateResult[];
  lifecycles?: LifecycleResult;
  fanout?: FanoutResult;
  memory?: MemoryResult;
  slowConsumer?: SlowConsumerResult;
  loadAverages: Record<string, number>;
}): string[] {
  const notes: string[] = [];
  const busy = Object.entries(results.loadAverages).filter(([, load]) => load > 1.5);
  if (busy.length) {
    notes.push(
      `Other work shared the 2 cores: 1-minute load average ${busy.map(([phase, load]) => `${load} at ${phase}`).join(", ")}. Wall-clock figures (latency, rates) are slower than on an idle machine; CPU-per-operation figures are not affected.`,
    );
  }
  const top = results.latency?.reduce((a, b) => (b.callsPerSecond > a.callsPerSecond ? b : a));
  const latency = top ? atMost(top.latencyMs.all.p99, targets.latencyP99Ms, "ms") : "met";
  if (top && latency !== "met") {
    notes.push(
      `Event latency p99 at ${top.callsPerSecond} calls/s ${latency} (server ${top.cpuCores.server} cores, Redis ${top.cpuCores.redis}, benchmark process ${top.cpuCores.benchProcess}). ` +
        "Profile of the server: (1) the statistics push on change (at most once a second) and every new screen's system_state list every agent: one MULTI of two HGETALL per agent plus a sort by extension with localeCompare(numeric), which with 2,000 agents blocks the event loop for tens of ms each time, and system_stats does it twice (system and queue figures); events arriving meanwhile wait; " +
        "(2) each ARI event costs several sequential Redis round trips before its frame goes out (channel index GET, session HGETALL, the transition script, agent HGETALL, XADD), each a write system call; " +
        "(3) ari-client builds resource objects with their Swagger operations for every event. Fixes belong in server/src/state (listAgents: cache a numeric comparator, or keep agents sorted) and server/src/stats (one agent list per push).",
    );
  }
  const l = results.lifecycles;
  const lifecycles = l ? atLeast(l.lifecyclesPerSecond, targets.lifecyclesPerSecond, "lifecycles/s") : "met";
  if (l && lifecycles !== "met") {
    notes.push(
      `Call lifecycles ${lifecycles}. Each lifecycle is ${l.roundTripsPerLifecycle} round trips (${Object.entries(l.commandsPerLifecycle).map(([c, n]) => `${n} ${c}`).join(", ")}): the 5 transition scripts and 4 reads of stored fields that name the keys a script needs (the fresh-keys pattern), and Redis runs ${l.redisCommandsPerLifecycle} commands per lifecycle inside the scripts. ` +
        `Redis spends ${l.cpuMicrosPerLifecycle.redis} µs of CPU and the client ${l.cpuMicrosPerLifecycle.client} µs per lifecycle: one busy core each would sustain ${fmt(l.ceilingPerCore.redis)} (Redis) and ${fmt(l.ceilingPerCore.client)} (client) lifecycles/s, but during the run they got ${l.cpuCores.redis} and ${l.cpuCores.benchProcess} of a core. Fewer round trips (the reads folded into the scripts, or pipelined) would cut the client's share.`,
    );
  }
  const fanout = results.fanout ? atLeast(results.fanout.ratio, targets.fanoutRatio, "×") : "met";
  if (results.fanout && fanout !== "met") {
    const f = results.fanout;
    const slow = f.oneAtATime;
    notes.push(
      `Fan-out ratio ${fanout} (burst of ${f.framesPerRound}; sender CPU per frame: server ${f.server.cpuMicrosPerFrame} µs, Socket.IO ${f.socketIo.cpuMicrosPerFrame} µs, ${f.cpuRatio}×; load average ${results.loadAverages.fanout ?? "-"} at the phase's start). ` +
        "The server frames each event once and writes each client's frames of a turn in one writev; Socket.IO writes one pre-built frame per client per emit, one system call each, with its per-client packet handling. " +
        "The rate is wall-clock time until the last client has the last frame, with the server, Socket.IO, Redis and the counting clients on 2 cores: where the CPU ratio is above the rate ratio, the difference went to the clients, Redis and other work on the machine. " +
        `At one event per turn (ratio ${slow.ratio}×, CPU ${slow.server.cpuMicrosPerFrame} / ${slow.socketIo.cpuMicrosPerFrame} µs per frame) every frame is one system call per client for both servers, which leads both profiles: coalescing needs several frames for a client in one turn.`,
    );
  }
  const largest = results.memory?.levels[results.memory.levels.length - 1];
  if (largest) {
    const memory = atMost(largest.rssPerClientBytes / 1024, targets.bytesPerIdleClient / 1024, "KB");
    if (memory !== "met") {
      notes.push(
        `Memory per idle client ${memory} at ${fmt(largest.clients)} clients; heap ${fmt(largest.heapPerClientBytes / 1024)} KB, marginal RSS ${fmt(largest.marginalRssPerClientBytes / 1024)} KB per client. ` +
          "What an idle connection keeps is Node's and ws's: ws's WebSocket, Receiver (a Writable stream) and Sender, the net.Socket with its two stream states and TCP handle, listener arrays and closures, and the hub entry, about 3.5 KB of heap; RSS adds what V8 keeps committed beyond the live heap and what malloc holds after the handshakes. " +
          "Less would need a transport without a Node stream per socket (a native server such as uWebSockets.js, which is not on the npm registry).",
      );
    }
  }
  if (results.memory?.capNote) notes.push(results.memory.capNote);
  const slow = results.slowConsumer;
  if (slow && (!slow.dropped || slow.closeCode !== 1013)) notes.push(`The stalled screen was ${slow.dropped ? `dropped with close code ${slow.closeCode ?? "none read"}` : "not dropped within the phase"}.`);
  return notes;
}
