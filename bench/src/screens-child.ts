/**
 * The screens of the latency and slow-consumer phases, in a process of their own: one WebSocket
 * screen per agent (it goes available and answers every call offered to it at once) and the
 * supervisor screens. Running them apart from the simulator keeps the load generator and the
 * clients that time the server from slowing each other down, and gives each its own CPU figure.
 *
 * Requests (rpc.ts): `connect { port, agents, supervisors }`; `window { name }` records the
 * measured frames' receive times into the window `name` (`null` stops; with `withoutVictim` the
 * last supervisor's frames are left out); `report { name, sentAt }`
 * matches a window against the simulator's send times and returns its latency; `refused` returns
 * and resets the count of `call_refused` frames at the first supervisor; `stall` stops reading on
 * the last supervisor; `resume { waitForCloseMs }` reads again
 * and returns the bytes it then got and its close code; `cpu` this process's CPU time.
 */
import type { WebSocket } from "ws";
import { connectScreens, FrameLog, readFrame } from "./latency.js";
import { cpuSinceLastCall, serveParent } from "./rpc.js";
import { closeAll } from "./screens.js";
import { withTimeout } from "./util.js";

const windows = new Map<string, FrameLog>();
let recording: FrameLog | undefined;
let refused = 0;
let firstSupervisor: WebSocket | undefined;
let victim: WebSocket | undefined;
let skipVictim = false;
const screens: WebSocket[] = [];

function onFrame(frame: Buffer, receivedNs: bigint, screen: WebSocket, role: "agent" | "supervisor"): void {
  const seen = readFrame(frame);
  if (seen === undefined) return;
  if (seen.kind !== undefined && recording !== undefined && !(skipVictim && screen === victim)) recording.add(seen.kind, seen.sessionId, receivedNs);
  if (role === "supervisor" && seen.event === "call_refused" && screen === firstSupervisor) refused++;
}

serveParent(
  {
    connect: async (request) => {
      const port = Number(request.port);
      const connected = await connectScreens(
        (token) => `ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`,
        { agents: Number(request.agents), supervisors: Number(request.supervisors) },
        onFrame,
      );
      screens.push(...connected.agents, ...connected.supervisors);
      firstSupervisor = connected.supervisors[0];
      victim = connected.supervisors[connected.supervisors.length - 1];
      return { agents: connected.agents.length, supervisors: connected.supervisors.length };
    },
    window: (request) => {
      const name = request.name;
      skipVictim = request.withoutVictim === true;
      if (typeof name !== "string") {
        recording = undefined;
        return null;
      }
      recording = new FrameLog();
      windows.set(name, recording);
      return null;
    },
    report: (request) => {
      const name = String(request.name);
      const log = windows.get(name);
      if (log === undefined) throw new Error(`no window "${name}"`);
      windows.delete(name);
      return log.report(new Map(request.sentAt as Array<[string, number]>));
    },
    refused: () => {
      const count = refused;
      refused = 0;
      return { refused: count };
    },
    stall: () => {
      victim?.pause();
      return null;
    },
    resume: async (request) => {
      if (victim === undefined) throw new Error("no supervisor screen to resume");
      const socket = victim;
      const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
      let bytes = 0;
      socket.on("message", (data: Buffer) => (bytes += data.length));
      socket.resume();
      const waitMs = Number(request.waitForCloseMs);
      const closeCode = waitMs > 0 ? await withTimeout(closed, waitMs, "close of the stalled screen").catch(() => undefined) : undefined;
      return { bytes, closeCode: closeCode ?? null };
    },
    cpu: cpuSinceLastCall(),
  },
  {},
  async () => {
    await closeAll(screens.splice(0));
  },
);
