/**
 * The dashboard's chart history: one sample per `system_stats` push, kept in a Redis stream
 * (`keys.statsHistory`) trimmed on every write to the last hour (XADD with MINID, so the stream
 * holds at most an hour of pushes: one per `STATS_INTERVAL_S` plus at most one a second while calls
 * change, per server process). The last payload itself is kept too (`keys.statsLatest`, expiring
 * with the window). Read back by `GET /api/dashboard/history`, so charts and figures survive a reload.
 */
import { statsSampleSchema, systemStatsSchema, type EventPayloadMap, type StatsSample } from "@acc/shared-types";
import type { Redis } from "ioredis";
import type { StateKeys } from "../state/index.js";

type SystemStats = EventPayloadMap["system_stats"];

/** How far back the history reaches (ms): one hour. */
export const STATS_HISTORY_WINDOW_MS = 60 * 60 * 1000;

/** Most samples one read returns: an hour at one push a second. */
const MAX_SAMPLES = 3600;

/**
 * The chart point of one push: calls waiting summed over the queues, calls agents hold
 * (`avgCallsPerAgent × activeAgents`, ringing included), and the mean per-queue service level and
 * abandon rate (null without queues). `at` is the push's timestamp (Unix ms).
 */
export function sampleOf(stats: SystemStats): StatsSample {
  const queues = Object.values(stats.queues ?? {});
  const mean = (pick: (q: (typeof queues)[number]) => number) => (queues.length === 0 ? null : Math.round((queues.reduce((sum, q) => sum + pick(q), 0) / queues.length) * 10) / 10);
  return {
    at: Date.parse(stats.timestamp),
    waiting: queues.reduce((sum, q) => sum + q.waiting, 0),
    activeCalls: Math.round(stats.avgCallsPerAgent * stats.activeAgents),
    serviceLevel: mean((q) => q.serviceLevel),
    abandonRate: mean((q) => q.abandonRate),
  };
}

/** Writes and reads the samples. */
export class StatsHistoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly windowMs: number = STATS_HISTORY_WINDOW_MS,
  ) {}

  /** Appends the sample of `stats`, drops the samples older than the window before it, and keeps `stats` as the latest. */
  async record(stats: SystemStats): Promise<void> {
    const sample = sampleOf(stats);
    await this.redis
      .multi()
      // Entry ids come from Redis' clock (`*`), so writers whose clocks differ never collide.
      .xadd(this.keys.statsHistory(), "MINID", String(Math.max(0, sample.at - this.windowMs)), "*", "s", JSON.stringify(sample))
      .set(this.keys.statsLatest(), JSON.stringify(stats), "PX", this.windowMs)
      .exec();
  }

  /** The last payload recorded, when it is valid and from the window up to `now`; otherwise undefined. */
  async latest(now: number): Promise<SystemStats | undefined> {
    const raw = await this.redis.get(this.keys.statsLatest());
    if (raw === null) return undefined;
    try {
      const parsed = systemStatsSchema.safeParse(JSON.parse(raw));
      return parsed.success && Date.parse(parsed.data.timestamp) >= now - this.windowMs ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The samples of the window up to `now` (Unix ms), oldest first; unreadable entries are skipped. */
  async read(now: number): Promise<StatsSample[]> {
    const from = Math.max(0, now - this.windowMs);
    const entries = await this.redis.xrange(this.keys.statsHistory(), String(from), "+", "COUNT", MAX_SAMPLES);
    const samples: StatsSample[] = [];
    // The sample's own time decides, whatever clock named the entry.
    for (const [, fields] of entries) {
      const at = fields.indexOf("s");
      if (at === -1) continue;
      try {
        const parsed = statsSampleSchema.safeParse(JSON.parse(fields[at + 1] ?? ""));
        if (parsed.success && parsed.data.at >= from && parsed.data.at <= now) samples.push(parsed.data);
      } catch {
        // A malformed entry is skipped; the others still draw.
      }
    }
    return samples;
  }
}
