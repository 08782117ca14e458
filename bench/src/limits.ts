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
import { round } from "./util.js";
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
      `Event latency p99 at ${top.callsPerSecond} calls/s ${latency} (CPU as a share of one core: server ${top.cpuCores.server}, Redis ${top.cpuCores.redis}, load generator ${top.cpuCores.loadGenerator}, screens ${top.cpuCores.screens}; the server spent ${top.cpuMsPerCall.server} ms of CPU per call). ` +
        "Profile of the server during this phase (screens connecting included; shares of its busy CPU): (1) ioredis writes every command with its own write system call (26%): per ARI event the call flow reads the channel index (4%), then the session (3%), then runs a transition script (9%), each its own round trip, and the relay's XREAD (4%) and the publisher's XADD pipeline (4%) add theirs; ioredis' enableAutoPipelining did not lower the server's CPU per call (5.5 ms with and without, back to back), as these commands mostly wait on each other; " +
        "(2) the REST calls through the undici pool (10%, of which 4% are the requests' write system calls; about eight per call: ring, bridge create and add, originate, answer, hang-ups, bridge destroy); (3) reading ARI's WebSocket frames (ws 6%) and parsing the consumed events from their JSON (2%; ari-client's resource objects took 11% before); (4) framing and writing to the 2,050 screens, and the token checks while they connect. " +
        "The server, Redis, the load generator and the screens share 2 cores with other work (load average above): frames wait for CPU, so p50 is itself several ms and p99 follows the load average more than the code.",
    );
  }
  for (const rate of results.latency ?? []) {
    if (rate.achievedCallsPerSecond < rate.callsPerSecond * 0.95) {
      notes.push(
        `At ${rate.callsPerSecond} calls/s the traffic generator placed only ${rate.achievedCallsPerSecond} calls/s (${rate.calls.offered} calls in ${rate.durationS} s): the load generator itself (${rate.cpuCores.loadGenerator} of a core) did not get the CPU it needed, so that rate's figures are for a lighter load than named.`,
      );
    }
  }
  const l = results.lifecycles;
  const lifecycles = l ? atLeast(l.lifecyclesPerSecond, targets.lifecyclesPerSecond, "lifecycles/s") : "met";
  if (l && lifecycles !== "met") {
    const redisCoresNeeded = round((targets.lifecyclesPerSecond * l.cpuMicrosPerLifecycle.redis) / 1e6, 2);
    const clientCoresNeeded = round((targets.lifecyclesPerSecond * l.cpuMicrosPerLifecycle.client) / 1e6, 2);
    notes.push(
      `Call lifecycles ${lifecycles}. Each lifecycle is ${l.roundTripsPerLifecycle} round trips (${Object.entries(l.commandsPerLifecycle).map(([c, n]) => `${n} ${c}`).join(", ")}), and Redis runs ${l.redisCommandsPerLifecycle} commands per lifecycle inside the scripts. ` +
        `Redis spends ${l.cpuMicrosPerLifecycle.redis} µs of CPU and the client ${l.cpuMicrosPerLifecycle.client} µs per lifecycle: one busy core each would sustain ${fmt(l.ceilingPerCore.redis)} (Redis) and ${fmt(l.ceilingPerCore.client)} (client) lifecycles/s; during the run they got ${l.cpuCores.redis} and ${l.cpuCores.benchProcess} of a core. ` +
        `${targets.lifecyclesPerSecond.toLocaleString("en-US")}/s would take ${redisCoresNeeded} cores of Redis and ${clientCoresNeeded} of the client${redisCoresNeeded > 1 ? "; Redis runs scripts on one thread, so the scripts' own work per lifecycle has to shrink" : ""}.`,
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
        `Memory per idle client ${memory} at ${fmt(largest.clients)} clients; per client the live V8 heap is ${fmt(largest.heapPerClientBytes / 1024)} KB, V8's committed heap ${fmt(largest.heapCommittedPerClientBytes / 1024)} KB, and ${fmt((largest.rssPerClientBytes - largest.heapCommittedPerClientBytes) / 1024)} KB of RSS is outside V8 (marginal RSS ${fmt(largest.marginalRssPerClientBytes / 1024)} KB). ` +
          "The live heap is Node's and ws's: ws's WebSocket, Receiver (a Writable stream) and Sender, the net.Socket with its two stream states and TCP handle, listener arrays and closures, and the hub entry. V8 keeps pages committed around it after the connections' short-lived allocations; outside V8 are Node's TCPWrap and libuv's handle per socket and what malloc holds after the handshakes. RSS per client changes between runs of the same code (it depends on where V8's and malloc's pools stand when measured); the live heap does not. " +
          "Less would need a transport without a Node stream per socket (a native server such as uWebSockets.js, which is not on the npm registry).",
      );
    }
  }
  if (results.memory?.capNote) notes.push(results.memory.capNote);
  const slow = results.slowConsumer;
  if (slow) {
    const before = slow.othersBefore;
    const during = slow.othersDuringStall;
    const allowed = Math.max(before.p99 * targets.slowConsumerP99Factor, before.p99 + targets.slowConsumerP99SlackMs);
    const verdict = atMost(during.p99, allowed, "ms");
    if (verdict !== "met") {
      const p50Rose = during.p50 > before.p50 * 1.1;
      notes.push(
        `Slow consumer: the other screens' p99 during the stall ${verdict} (${fmt(before.p99)} → ${fmt(during.p99)} ms; p50 ${fmt(before.p50)} → ${fmt(during.p50)} ms; over ${fmt(before.count)} frames before and ${fmt(during.count)} during). ` +
          (p50Rose
            ? "The others' typical latency rose as well: the stalled screen's frames (it is a supervisor: it gets every call and status event) fill its send buffer up to the 1 MiB bound, and until the drop the server keeps framing and buffering them."
            : "The others' typical latency did not rise, so the stalled screen is not what slows them: the windows' p99 differ by the tail of this shared machine's scheduling (the stall window is longer and holds more of the rare slow moments), which moves p99 by tens of ms between runs."),
      );
    }
  }
  if (slow && (!slow.dropped || slow.closeCode !== 1013)) notes.push(`The stalled screen was ${slow.dropped ? `dropped with close code ${slow.closeCode ?? "none read"}` : "not dropped within the phase"}.`);
  return notes;
}
