/**
 * The faults the chaos run injects, one function each. Every fault is bounded in count and time
 * and returns how many times it struck and a note for the table.
 */
import type { Simulator } from "@acc/ari-simulator";
import type { RestartableRedis } from "@acc/server";
import type { Screen } from "./screen.js";
import type { ServerProcess } from "./server-process.js";
import { eventually, sleep } from "./wait.js";

/** What a fault needs of the run. */
export interface FaultContext {
  server: ServerProcess;
  simulator: Simulator;
  redis: RestartableRedis;
  appName: string;
  /** Opens a supervisor (or ops) screen that the run closes at the end. */
  openScreen(role: "supervisor" | "ops"): Promise<Screen>;
  /** Session ids of calls waiting in `queueNumber`, as supervisors were told (incoming_queue_call, minus queue_call_removed). */
  waitingCalls(queueNumber: string): string[];
  agentIds: readonly string[];
}

/** What one fault did. */
export interface FaultResult {
  injected: number;
  note: string;
}

/** How long the server may take to be healthy again after a fault (ms). */
const recoveryTimeoutMs = 30_000;

async function recovered(context: FaultContext): Promise<string> {
  const started = Date.now();
  const healthy = await context.server.waitHealthy(recoveryTimeoutMs);
  return healthy ? `healthy again after ${Date.now() - started} ms` : `NOT healthy ${recoveryTimeoutMs} ms later`;
}

/**
 * `kill -9` the server, let up to three customers hang up while it is dead (nobody hears it), and
 * start it again on the same port: it must find out those calls ended.
 */
export async function killServer(context: FaultContext, times: number): Promise<FaultResult> {
  const notes: string[] = [];
  const control = context.simulator.control;
  for (let i = 0; i < times; i++) {
    await context.server.kill();
    const customers = control.listChannels().filter((channel) => channel.name.startsWith("PJSIP/trunk-")).slice(0, 3);
    for (const channel of customers) control.hangup(channel.id);
    await sleep(300);
    await context.server.start();
    notes.push(`${customers.length} hung up while down, listening, ${await recovered(context)}`);
    await sleep(1500);
  }
  return { injected: times, note: notes.join("; ") };
}

/**
 * Cut the ARI WebSocket of the server's Stasis app (no close frame) and, before the server is
 * back, let up to three customers hang up: their events reach nobody, so the server must learn
 * from Asterisk's state after reconnecting that those calls ended.
 */
export async function cutAriSocket(context: FaultContext, times: number): Promise<FaultResult> {
  let cut = 0;
  const notes: string[] = [];
  for (let i = 0; i < times; i++) {
    const control = context.simulator.control;
    cut += control.cutEventSockets(context.appName);
    const customers = control.listChannels().filter((channel) => channel.name.startsWith("PJSIP/trunk-")).slice(0, 3);
    for (const channel of customers) control.hangup(channel.id);
    await sleep(200);
    notes.push(`${customers.length} customers hung up unseen, ${await recovered(context)}`);
    await sleep(1500);
  }
  return { injected: cut, note: notes.join("; ") };
}

/** Asterisk stops (every call gone without an event) and starts again on the same port after `downMs`. */
export async function restartAsterisk(context: FaultContext, times: number, downMs: number): Promise<FaultResult> {
  const notes: string[] = [];
  for (let i = 0; i < times; i++) {
    const channels = context.simulator.control.listChannels().length;
    await context.simulator.restart({ downMs });
    notes.push(`${channels} channels dropped, ${await recovered(context)}`);
    await sleep(1500);
  }
  return { injected: times, note: notes.join("; ") };
}

/**
 * Stop the server's Redis for `downMs`, start it again with its data. Halfway through, up to two
 * customers hang up and a new customer calls an agent: the server sees those events while it
 * cannot record them, and must not keep ghost calls or lose the new one for good.
 */
export async function stopRedis(context: FaultContext, times: number, downMs: number): Promise<FaultResult> {
  const notes: string[] = [];
  const control = context.simulator.control;
  for (let i = 0; i < times; i++) {
    await context.redis.stop();
    await sleep(downMs / 2);
    const customers = control.listChannels().filter((channel) => channel.name.startsWith("PJSIP/trunk-")).slice(0, 2);
    for (const channel of customers) control.hangup(channel.id);
    const caller = await control.injectCall({ args: ["agent", "1001"], callerNumber: "254799000000" }).catch(() => undefined);
    // The new customer gives up after a while in any case, so the call cannot stay forever.
    if (caller) control.hangupAfter(caller.id, 5000);
    await sleep(downMs / 2);
    await context.redis.start();
    notes.push(`${customers.length} hung up and ${caller ? 1 : 0} called meanwhile, ${await recovered(context)}`);
    await sleep(1500);
  }
  return { injected: times, note: `down ${downMs} ms each; ${notes.join("; ")}` };
}

/** Duplicate every `duplicateEvery`-th and reorder every `reorderEvery`-th ARI event for `durationMs`. */
export async function duplicateAndReorder(
  context: FaultContext,
  durationMs: number,
  settings: { duplicateEvery: number; reorderEvery: number },
): Promise<FaultResult> {
  const control = context.simulator.control;
  const before = control.eventFaults();
  control.setEventFaults(settings);
  await sleep(durationMs);
  control.setEventFaults({});
  const after = control.eventFaults();
  const duplicated = after.duplicated - before.duplicated;
  const reordered = after.reordered - before.reordered;
  return { injected: duplicated + reordered, note: `${duplicated} duplicated, ${reordered} reordered in ${durationMs} ms` };
}

/**
 * `calls` customers wait in the manual queue `queueNumber`; `assignments` assign_queue_call
 * commands, spread over several supervisor screens, race for them at once (each call to several
 * agents). Counts a call won more than once as a double assignment.
 */
export async function raceAssignments(
  context: FaultContext,
  queueNumber: string,
  calls: number,
  assignments: number,
): Promise<FaultResult & { doubleAssignments: number }> {
  const channels: string[] = [];
  for (let i = 0; i < calls; i++) {
    const channel = await context.simulator.control.injectCall({ args: ["queue", queueNumber], callerNumber: `25470000${String(i).padStart(4, "0")}` });
    channels.push(channel.id);
    // The customer gives up after a while whatever happens, so the race leaves no call behind.
    context.simulator.control.hangupAfter(channel.id, 6000 + i * 100);
  }
  await eventually(() => context.waitingCalls(queueNumber).length >= calls, 5000);
  const sessions = context.waitingCalls(queueNumber).slice(0, calls);
  const screens = await Promise.all(Array.from({ length: 5 }, () => context.openScreen("supervisor")));
  const replies = await Promise.all(
    Array.from({ length: assignments }, (_, i) => {
      const sessionId = sessions[i % Math.max(1, sessions.length)] ?? "none";
      const agentId = context.agentIds[Math.floor(i / Math.max(1, sessions.length)) % context.agentIds.length]!;
      return screens[i % screens.length]!.command({ type: "assign_queue_call", sessionId, agentId }).then((reply) => ({ sessionId, reply }));
    }),
  );
  for (const screen of screens) screen.close();
  const wins = new Map<string, number>();
  const codes = new Map<string, number>();
  for (const { sessionId, reply } of replies) {
    const code = reply.type === "ack" ? "ack" : reply.type === "error" ? String((reply as { code?: string }).code) : reply.type ?? "?";
    codes.set(code, (codes.get(code) ?? 0) + 1);
    if (reply.type === "ack") wins.set(sessionId, (wins.get(sessionId) ?? 0) + 1);
  }
  const doubleAssignments = [...wins.values()].reduce((sum, won) => sum + Math.max(0, won - 1), 0);
  const summary = [...codes].map(([code, count]) => `${count} ${code}`).join(", ");
  return {
    injected: assignments,
    doubleAssignments,
    note: `${sessions.length} waiting calls: ${summary}; ${doubleAssignments} calls won twice`,
  };
}

/** The malformed frames sent, in turn: not JSON, wrong shapes, unknown commands, bad arguments, binary, oversized. */
const malformedFrames: (string | Buffer)[] = [
  "not json at all",
  "{",
  "[]",
  "null",
  '"a string"',
  "{}",
  '{"type":"answer_call"}',
  '{"type":"no_such_command","id":"m"}',
  '{"type":"set_status","id":"m","status":"flying"}',
  '{"type":"assign_queue_call","id":"m","sessionId":"","agentId":7}',
  '{"type":"replay_events","id":"m","afterId":"not-an-id"}',
  Buffer.from([0xff, 0xfe, 0x00, 0x01]),
  `{"type":"ping","id":"${"x".repeat(2000)}"}`,
  "\u0000\u0001\u0002",
];

/**
 * Sends `count` malformed frames over `connections` screens as fast as the sockets take them
 * (a frame larger than the server's limit, 64 KiB, is among them once per connection). A
 * screen the server closes reconnects and goes on. Bounded by `timeoutMs`.
 */
export async function sendMalformedFrames(context: FaultContext, count: number, connections: number, timeoutMs: number): Promise<FaultResult> {
  const screens = await Promise.all(Array.from({ length: connections }, () => context.openScreen("ops")));
  const deadline = Date.now() + timeoutMs;
  let sent = 0;
  const perScreen = Math.ceil(count / connections);
  await Promise.all(
    screens.map(async (screen, index) => {
      let mine = 0;
      while (mine < perScreen && sent < count && Date.now() < deadline) {
        // The oversized frame (the server closes the connection: 1009) comes last, so the rest count.
        const frame = mine === perScreen - 1 ? "x".repeat(70 * 1024) : malformedFrames[(mine + index) % malformedFrames.length]!;
        if (screen.sendRaw(frame)) {
          mine++;
          sent++;
          if (mine % 100 === 0) await sleep(1);
        } else {
          await sleep(50);
        }
      }
    }),
  );
  await sleep(500);
  const reconnects = screens.reduce((sum, screen) => sum + screen.connections - 1, 0);
  for (const screen of screens) screen.close();
  const healthy = await context.server.healthy();
  return { injected: sent, note: `over ${connections} connections, ${reconnects} reconnects; server ${healthy ? "healthy" : "NOT healthy"} after` };
}

/**
 * A supervisor screen asks for `replays` replays of the whole log, then stops reading its socket
 * for `stallMs` while the server keeps writing. The server must bound what it buffers for it.
 */
export async function stallConsumer(context: FaultContext, replays: number, stallMs: number): Promise<FaultResult> {
  const screen = await context.openScreen("supervisor");
  const connectionsBefore = screen.connections;
  for (let i = 0; i < replays; i++) screen.sendRaw(JSON.stringify({ type: "replay_events", id: `r-${i}`, afterId: "0-0" }));
  await screen.stall(stallMs);
  await sleep(300);
  const dropped = screen.connections > connectionsBefore || !screen.connected;
  screen.close();
  const healthy = await context.server.healthy();
  return { injected: 1, note: `${replays} replays asked, stalled ${stallMs} ms; ${dropped ? "server closed it" : "server kept it"}; server ${healthy ? "healthy" : "NOT healthy"} after` };
}
