/**
 * `system_stats`: the figures supervisors and ops watch. Definitions (also in the README):
 * - totalSessions: open sessions now (a session is one customer call, from its StasisStart until it ends).
 * - activeAgents: agents holding at least one call (ringing included) now.
 * - availableAgents: agents who can take a call now (`available`, a free slot).
 * - avgCallsPerAgent: calls held ÷ activeAgents, one decimal (0 when no agent holds a call).
 * - systemHealth: `operational` when Redis and ARI are up, `degraded` when ARI is down (calls
 *   cannot flow but screens are served), `down` when Redis is down; uptime (s) of this process;
 *   memoryUsage: this process's RSS (bytes) out of the machine's memory (bytes); activeConnections:
 *   WebSocket clients connected to this process.
 * - avgResponseTime (ms): mean time from offering a call to the agent's answer, over answers in the
 *   last 15 minutes (0 when none).
 * - callsPerMinute: customer calls that arrived in the last 5 minutes ÷ 5.
 * - peakConcurrentCalls: the most sessions open at once today (UTC day).
 * - successRate (%): of today's sessions (UTC day), the share that reached an agent (bridged);
 *   100 when there were none.
 * - queues: figures per queue number, present when queue sources are given; defined in `queue-stats.ts`.
 * - agents: today's figures per agent id (UTC day up to now): callsHandled (connected calls that
 *   ended), talkTime (s, bridge to hang-up, summed), avgHandleTime (talkTime ÷ callsHandled, s),
 *   loggedInTime (s in any status but offline), occupancy (talkTime ÷ loggedInTime, %, one decimal;
 *   0 when not logged in today). Recorded as `state/agent-day.ts` describes.
 */
import { totalmem } from "node:os";
import type { EventPayloadMap } from "@acc/shared-types";
import type { Redis } from "ioredis";
import { readAgentDay, type AgentDayTotals, type AgentLister, type SessionStore, type StateKeys } from "../state/index.js";
import { collectQueueStats, type QueueSources } from "./queue-stats.js";

type SystemStats = EventPayloadMap["system_stats"];

/** Window (ms) of avgResponseTime. */
export const RESPONSE_WINDOW_MS = 15 * 60 * 1000;
/** Window (ms) of callsPerMinute. */
export const ARRIVAL_WINDOW_MS = 5 * 60 * 1000;

/** Where the figures come from. */
export interface StatsSources {
  redis: Redis;
  keys: StateKeys;
  /** Lists every agent (the server passes its in-memory agent board). */
  agents: AgentLister;
  sessions: SessionStore;
  /** WebSocket clients connected to this process. */
  activeConnections(): number;
  /** Whether ARI is connected now. */
  ariUp(): boolean;
  /** When this process started (Unix ms). */
  startedAt: number;
  /** The queue configuration and waiting calls; without them `system_stats` has no `queues`. */
  queueSources?: QueueSources;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Collects `system_stats` at `now` (Unix ms). Rejects when Redis fails. */
export async function collectSystemStats(src: StatsSources, now: number): Promise<SystemStats> {
  // One listing of the agents serves the system and the queue figures.
  const agents = await src.agents.listAgents();
  const [openSessions, counters, arrivals, responses, queues, agentDay] = await Promise.all([
    src.redis.scard(src.keys.sessions()),
    src.sessions.dailyCounters(now),
    src.redis.zcount(src.keys.statsArrivals(), now - ARRIVAL_WINDOW_MS, "+inf"),
    src.redis.zrangebyscore(src.keys.statsResponses(), now - RESPONSE_WINDOW_MS, "+inf"),
    src.queueSources ? collectQueueStats({ ...src.queueSources, redis: src.redis, keys: src.keys, agents: src.agents }, now, agents) : undefined,
    readAgentDay(src.redis, src.keys, agents.map((a) => ({ agentId: a.agentId, loggedInNow: a.status !== "offline" })), now),
  ]);
  const holding = agents.filter((a) => a.capacity.current > 0);
  const callsHeld = holding.reduce((sum, a) => sum + a.capacity.current, 0);
  const responseMs = responses.map((member) => Number(member.slice(member.lastIndexOf(":") + 1)));
  const rss = process.memoryUsage().rss;
  const total = totalmem();
  return {
    totalSessions: openSessions,
    activeAgents: holding.length,
    availableAgents: agents.filter((a) => a.capacity.canTakeCall).length,
    avgCallsPerAgent: holding.length === 0 ? 0 : round1(callsHeld / holding.length),
    systemHealth: {
      status: src.ariUp() ? "operational" : "degraded",
      uptime: Math.max(0, Math.floor((now - src.startedAt) / 1000)),
      memoryUsage: { used: rss, total, percentage: round1(Math.min(100, (rss / total) * 100)) },
      activeConnections: src.activeConnections(),
    },
    performance: {
      avgResponseTime: responseMs.length === 0 ? 0 : Math.round(responseMs.reduce((a, b) => a + b, 0) / responseMs.length),
      callsPerMinute: round1(arrivals / (ARRIVAL_WINDOW_MS / 60_000)),
      peakConcurrentCalls: counters.peakOpenSessions,
      successRate: counters.sessionsCreated === 0 ? 100 : round1(Math.min(100, (counters.sessionsConnected / counters.sessionsCreated) * 100)),
    },
    timestamp: new Date(now).toISOString(),
    ...(queues ? { queues } : {}),
    agents: Object.fromEntries([...agentDay].map(([agentId, totals]) => [agentId, agentFigures(totals)])),
  };
}

/** One agent's `system_stats` figures from its raw day totals (ms → whole s; occupancy one decimal). */
function agentFigures(t: AgentDayTotals): NonNullable<SystemStats["agents"]>[string] {
  const talkTime = Math.floor(t.talkMs / 1000);
  return {
    callsHandled: t.callsHandled,
    avgHandleTime: t.callsHandled === 0 ? 0 : Math.round(t.talkMs / t.callsHandled / 1000),
    talkTime,
    loggedInTime: Math.floor(t.loggedInMs / 1000),
    occupancy: t.loggedInMs <= 0 ? 0 : round1(Math.min(100, (t.talkMs / t.loggedInMs) * 100)),
  };
}

