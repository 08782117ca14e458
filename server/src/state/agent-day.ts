/**
 * Per-agent figures of one UTC day, in one Redis hash per day (`keys.statsAgentDay`), written with
 * HINCRBY only (no read before a write, so no script is needed and concurrent writers add up):
 *
 * - `handled:<agentId>`: connected calls of the agent that ended that day; `talk:<agentId>`: their
 *   talk time (ms, bridge to hang-up);
 * - `on:<agentId>` / `off:<agentId>`: how often and `onAt:` / `offAt:` the sum of the times (Unix
 *   ms) the agent left `offline` (logged in) and went back to it.
 *
 * Time logged in that day is `Σ offAt − Σ onAt`, plus `now` when the agent is logged in now, minus
 * midnight when it was logged in at midnight (one more `off` than `on`, give or take the stretch
 * still open). The hash expires two days after its first write.
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";

/** How long a day's hash is kept (s): today's and yesterday's are enough. */
const AGENT_DAY_TTL_S = 2 * 24 * 60 * 60;

/** Midnight UTC (Unix ms) of the day containing `now`, and that day as `YYYY-MM-DD`. */
export function utcDayOf(now: number): { day: string; midnight: number } {
  const day = new Date(now).toISOString().slice(0, 10);
  return { day, midnight: Date.parse(`${day}T00:00:00.000Z`) };
}

/** One agent's raw figures of a day, as read; times in ms. */
export interface AgentDayTotals {
  callsHandled: number;
  talkMs: number;
  loggedInMs: number;
}

async function increment(redis: Redis, keys: StateKeys, at: number, fields: [string, number][]): Promise<void> {
  const key = keys.statsAgentDay(utcDayOf(at).day);
  const multi = redis.multi();
  for (const [field, by] of fields) multi.hincrby(key, field, by);
  await multi.expire(key, AGENT_DAY_TTL_S).exec();
}

/** A connected call of `agentId` ended at `at` (Unix ms) after `talkMs` of talk time. */
export function recordAgentCall(redis: Redis, keys: StateKeys, agentId: string, talkMs: number, at: number): Promise<void> {
  return increment(redis, keys, at, [
    [`handled:${agentId}`, 1],
    [`talk:${agentId}`, Math.max(0, Math.round(talkMs))],
  ]);
}

/** `agentId` logged in (left `offline`, `loggedIn` true) or logged out (went `offline`) at `at` (Unix ms). */
export function recordAgentPresence(redis: Redis, keys: StateKeys, agentId: string, loggedIn: boolean, at: number): Promise<void> {
  const side = loggedIn ? "on" : "off";
  return increment(redis, keys, at, [
    [`${side}:${agentId}`, 1],
    [`${side}At:${agentId}`, at],
  ]);
}

/**
 * Today's figures (the UTC day of `now`) of each agent in `agents`, keyed by agent id; `loggedInNow`
 * says whether the agent is in any status but `offline` now. One HGETALL.
 */
export async function readAgentDay(redis: Redis, keys: StateKeys, agents: readonly { agentId: string; loggedInNow: boolean }[], now: number): Promise<Map<string, AgentDayTotals>> {
  const { day, midnight } = utcDayOf(now);
  const hash = await redis.hgetall(keys.statsAgentDay(day));
  const field = (name: string, agentId: string) => Number(hash[`${name}:${agentId}`] ?? 0);
  const totals = new Map<string, AgentDayTotals>();
  for (const { agentId, loggedInNow } of agents) {
    const open = loggedInNow ? 1 : 0;
    // Logged in at midnight when the day saw fewer log-ins than its open stretches account for.
    const atMidnight = Math.max(0, Math.min(1, open - (field("on", agentId) - field("off", agentId))));
    const loggedInMs = field("offAt", agentId) - field("onAt", agentId) + open * now - atMidnight * midnight;
    totals.set(agentId, { callsHandled: field("handled", agentId), talkMs: field("talk", agentId), loggedInMs: Math.max(0, loggedInMs) });
  }
  return totals;
}
