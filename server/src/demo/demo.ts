/**
 * The demo: with no ARI_URL configured, `npm start` runs a whole contact center on this machine —
 * a private Redis, the built-in ARI simulator generating customer calls, the server, and demo
 * screens: a robot for every agent but the first, which goes available and answers (or now and
 * then rejects) its calls, and a robot supervisor that assigns queue calls nobody assigned within
 * a few seconds. The first roster agent is left to a person: the links printed at start open its
 * agent screen, the supervisor dashboard and the ops view in a browser. Every event is printed as
 * one line.
 */
import { startSimulator, type Simulator } from "@acc/ari-simulator";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { App } from "../app.js";
import { signToken } from "../auth/token.js";
import type { Config } from "../config/config.js";
import type { RosterEntry } from "../roster/roster-file.js";
import { startLocalRedis, type LocalRedis } from "./local-redis.js";
import { describeFrame } from "./describe-frame.js";
import { startLinkReminder } from "./link-reminder.js";
import { connectScreen, type ScreenClient } from "./screen-client.js";

/**
 * Queue numbers the demo traffic dials: in `server/queues.example.json` 8000 is a manual queue
 * (supervisors assign) and 8001 distributes automatically to the agent idle longest.
 */
export const DEMO_QUEUES = ["8000", "8001"] as const;

/** How long the robot supervisor leaves a queue call to a person on the dashboard before assigning it, in ms. */
const ROBOT_ASSIGN_DELAY_MS = 8000;

/** A running demo around the server. */
export interface Demo {
  redisUrl: string;
  ariUrl: string;
  /** Agent legs go to the simulator's auto-answering `agents` context. */
  agentEndpoint: string;
  /** Connects the demo screens and starts traffic once the server listens. */
  afterListen(app: App): Promise<void>;
  /** Stops new calls and the reminder, before the server closes: a call arriving while it closes would find Redis gone. */
  quiesce(): void;
  /** Closes the demo screens, the simulator and the private Redis, after the server closed. */
  stop(): Promise<void>;
}

/** Starts Redis (unless REDIS_URL is set) and the simulator. */
export async function startDemo(config: Config, roster: readonly RosterEntry[], logger: Logger): Promise<Demo> {
  const redis: LocalRedis | null = config.redisUrl ? null : await startLocalRedis();
  const simulator: Simulator = await startSimulator({ port: 0, username: config.ariUsername, password: config.ariPassword, appName: config.ariApp });
  const screens: ScreenClient[] = [];
  let stopReminder = (): void => undefined;
  logger.info({ simulator: simulator.url, redis: redis?.url ?? config.redisUrl }, "demo: ARI simulator and Redis started");
  return {
    redisUrl: redis?.url ?? config.redisUrl!,
    ariUrl: simulator.url,
    agentEndpoint: "Local/{extension}@agents",
    async afterListen(app) {
      const { port } = app.fastify.server.address() as AddressInfo;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
      const httpUrl = `http://${host}:${port}`;
      const wsUrl = `${httpUrl.replace("http", "ws")}/ws`;
      const supervisorToken = await signToken(config.authSecret, { role: "supervisor" });
      const opsToken = await signToken(config.authSecret, { role: "ops" });
      const [human, ...robots] = roster;
      const links: string[] = [];
      if (human) {
        const token = await signToken(config.authSecret, { role: "agent", agentId: human.agentId });
        links.push(`  Agent ${human.agentName} (${human.extension}), yours to drive: ${screenLink(httpUrl, token)}`);
      }
      links.push(`  Supervisor dashboard: ${screenLink(httpUrl, supervisorToken)}`, `  Ops view: ${screenLink(httpUrl, opsToken)}`);
      const lines = [`Demo running. Server ${httpUrl}, ARI simulator ${simulator.url}.`, "Open the screens in a browser:", ...links];
      for (const agent of robots) {
        const token = await signToken(config.authSecret, { role: "agent", agentId: agent.agentId });
        screens.push(robotAgent(wsUrl, token, agent.agentId));
      }
      if (robots.length > 0) lines.push(`Robot agents answer their own calls: ${robots.map((a) => `${a.agentName} (${a.extension})`).join(", ")}.`);
      lines.push(`Inject a call: curl -u ${config.ariUsername}:${config.ariPassword} -XPOST ${simulator.url}/sim/calls -H 'content-type: application/json' -d '{"args":["agent","${human?.extension ?? "1001"}"],"callerNumber":"254712345678"}'`);
      process.stdout.write(`${lines.join("\n")}\n`);
      stopReminder = startLinkReminder(links, (text) => process.stdout.write(text));
      screens.push(robotSupervisor(wsUrl, supervisorToken));
      simulator.control.startTraffic({
        callsPerSecond: 0.5,
        talkTimeMs: { mean: 15_000, min: 4_000, max: 45_000 },
        patienceMs: { mean: 40_000, min: 10_000, max: 90_000 },
        directShare: 0.7,
        agentExtensions: roster.map((a) => a.extension),
        queueNumbers: [...DEMO_QUEUES],
      });
    },
    quiesce() {
      stopReminder();
      simulator.control.stopTraffic();
    },
    async stop() {
      for (const screen of screens) screen.close();
      await simulator.close();
      await redis?.stop();
    },
  };
}

/** An agent screen that goes available, answers ringing calls after 1–3 s and rejects one in ten. */
function robotAgent(wsUrl: string, token: string, agentId: string): ScreenClient {
  return connectScreen(wsUrl, token, (frame, client) => {
    if ("type" in frame && frame.type === "connected") client.send({ type: "set_status", status: "available" });
    if (!("event" in frame) || frame.event !== "call_incoming" || frame.data.agentId !== agentId) return;
    const sessionId = frame.data.sessionId;
    const reject = Math.random() < 0.1;
    setTimeout(() => client.send(reject ? { type: "reject_call", sessionId, reason: "demo" } : { type: "answer_call", sessionId }), 1000 + Math.random() * 2000);
  });
}

/** A link that opens the web app signed in with `token`; the app moves the token out of the address bar. */
function screenLink(httpUrl: string, token: string): string {
  return `${httpUrl}/?token=${encodeURIComponent(token)}`;
}

/**
 * A supervisor screen that prints every event and assigns each queue call still waiting after
 * {@link ROBOT_ASSIGN_DELAY_MS} to the first agent with room, so a person on the dashboard gets
 * the first chance. An assignment that lost a race is refused by the server and ignored here.
 */
function robotSupervisor(wsUrl: string, token: string): ScreenClient {
  // Who can take a call now: the choice is made when the delay is over, not when the call arrived.
  const canTake = new Map<string, boolean>();
  // Calls still waiting: one assigned by a person, answered by distribution or abandoned is left alone.
  const waiting = new Set<string>();
  return connectScreen(wsUrl, token, (frame, client) => {
    const line = describeFrame(frame);
    if (line) process.stdout.write(`${line}\n`);
    if (!("event" in frame)) return;
    if (frame.event === "system_state") for (const a of frame.data.agentsWithCapacity) canTake.set(a.agentId, a.canTakeCall);
    if (frame.event === "agent_status_updated") canTake.set(frame.data.agentId, frame.data.capacity.canTakeCall);
    if (frame.event === "queue_call_removed") waiting.delete(frame.data.sessionId);
    if (frame.event === "incoming_queue_call") {
      const sessionId = frame.data.sessionId;
      waiting.add(sessionId);
      setTimeout(() => {
        if (!waiting.has(sessionId)) return;
        const agentId = [...canTake].find(([, free]) => free)?.[0];
        if (agentId) client.send({ type: "assign_queue_call", sessionId, agentId });
      }, ROBOT_ASSIGN_DELAY_MS);
    }
  });
}
