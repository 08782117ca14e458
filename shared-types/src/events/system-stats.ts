/** `system_stats`: dashboard figures, pushed on an interval (30 s by default) to supervisors and ops. */
import { z } from "zod";
import { count, isoTime, percentage, wholeSeconds } from "../fields.js";

/** Overall health as the dashboard shows it. */
export const SystemHealthStatus = z.enum(["operational", "degraded", "down"]);
export type SystemHealthStatus = z.infer<typeof SystemHealthStatus>;

/**
 * One queue's figures: waiting calls, longest and average wait (s), average handle time (s),
 * service level with and without abandoned calls counted (%), abandoned calls and abandon rate (%),
 * and the agents available, on a call, paused and in wrap-up.
 */
export const queueStatsSchema = z.object({
  waiting: count,
  longestWait: wholeSeconds,
  serviceLevel: percentage,
  serviceLevelWithAbandoned: percentage,
  abandoned: count,
  abandonRate: percentage,
  avgWait: wholeSeconds,
  avgHandleTime: wholeSeconds,
  agentsAvailable: count,
  agentsOnCall: count,
  agentsPaused: count,
  agentsInWrapUp: count,
});
export type QueueStats = z.infer<typeof queueStatsSchema>;

/**
 * One agent's figures for today (the UTC day up to the push): calls handled (connected calls that
 * ended), their mean talk time (s, bridge to hang-up; 0 when none), the talk time and the time
 * logged in (s, any status but `offline`), and occupancy = talk time ÷ time logged in (%, 0 when
 * not logged in today).
 */
export const agentDayStatsSchema = z.object({
  callsHandled: count,
  avgHandleTime: wholeSeconds,
  talkTime: wholeSeconds,
  loggedInTime: wholeSeconds,
  occupancy: percentage,
});
export type AgentDayStats = z.infer<typeof agentDayStatsSchema>;

/**
 * Seed payload plus the documented additions `agents?` (today's figures per agent, keyed by agent
 * id) and `queues?` (figures per queue, keyed by queue number).
 * Units: `uptime` s, `memoryUsage.used`/`total` bytes, `avgResponseTime` ms, percentages 0–100.
 */
export const systemStatsSchema = z.object({
  totalSessions: count,
  activeAgents: count,
  availableAgents: count,
  avgCallsPerAgent: z.number().min(0),
  systemHealth: z.object({
    status: SystemHealthStatus,
    uptime: wholeSeconds,
    memoryUsage: z.object({
      used: count,
      total: count,
      percentage,
    }),
    activeConnections: count,
  }),
  performance: z.object({
    avgResponseTime: z.number().min(0),
    callsPerMinute: z.number().min(0),
    peakConcurrentCalls: count,
    successRate: percentage,
  }),
  timestamp: isoTime,
  queues: z.record(z.string(), queueStatsSchema).optional(),
  agents: z.record(z.string(), agentDayStatsSchema).optional(),
});
export type SystemStats = z.infer<typeof systemStatsSchema>;
