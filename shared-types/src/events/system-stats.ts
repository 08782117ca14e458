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
 * Seed payload plus the documented addition `queues?` (figures per queue, keyed by queue number).
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
});
export type SystemStats = z.infer<typeof systemStatsSchema>;
