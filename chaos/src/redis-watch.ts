/**
 * What the suite reads from the server's Redis, through the server's own key names: each agent's
 * held calls (sampled for "agents above maxCalls" and read for "leaked capacity") and the event
 * log (collected as it grows, so the log's trimming cannot hide an event).
 */
import { Redis } from "ioredis";
import { createStateStore, type StateStore } from "@acc/server";

/** One agent of the roster the suite gives the server. */
export interface RosterAgent {
  agentId: string;
  extension: string;
  agentName: string;
  maxCalls: number;
}

export class RedisWatch {
  /** Agent id → the most calls seen held at once, when above the agent's maxCalls. */
  readonly aboveMaxCalls = new Map<string, number>();
  /** Ids of the logged events supervisors may see, in log order. */
  readonly supervisorLog: string[] = [];
  /** Event name of each id in {@link supervisorLog}. */
  readonly eventNames = new Map<string, string>();
  /** Event name and JSON payload of each id in {@link supervisorLog}, to tell a lost event from one logged twice. */
  readonly entries = new Map<string, string>();
  private readonly redis: Redis;
  private readonly keys: StateStore["keys"];
  private lastLogId = "0-0";
  private sampler: NodeJS.Timeout | undefined;
  private collector: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(url: string, prefix: string, private readonly roster: readonly RosterAgent[]) {
    // No offline queue and one try per command: during a Redis outage reads fail at once and are skipped.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    this.redis.on("error", () => {});
    this.keys = createStateStore(this.redis, prefix).keys;
  }

  /** Samples held calls every `sampleMs` and collects the log every `collectMs` until {@link stop}. */
  start(sampleMs = 50, collectMs = 1000): void {
    const sample = async () => {
      const held = await this.heldCalls().catch(() => undefined);
      for (const agent of this.roster) {
        const count = held?.get(agent.agentId) ?? 0;
        if (count > agent.maxCalls) this.aboveMaxCalls.set(agent.agentId, Math.max(count, this.aboveMaxCalls.get(agent.agentId) ?? 0));
      }
      if (!this.stopped) this.sampler = setTimeout(() => void sample(), sampleMs);
    };
    const collect = async () => {
      await this.collectLog().catch(() => undefined);
      if (!this.stopped) this.collector = setTimeout(() => void collect(), collectMs);
    };
    void sample();
    void collect();
  }

  /** Each roster agent's held calls (the length of its calls hash). */
  async heldCalls(): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const agent of this.roster) pipeline.hlen(this.keys.agentCalls(agent.agentId));
    const replies = (await pipeline.exec()) ?? [];
    return new Map(this.roster.map((agent, index) => [agent.agentId, Number(replies[index]?.[1] ?? 0)]));
  }

  /** Open sessions (`sessions` set size): calls the server believes are still going on. */
  async openSessions(): Promise<number> {
    return this.redis.scard(this.keys.sessions());
  }

  /** Reads the log entries added since the last read. */
  async collectLog(): Promise<void> {
    for (;;) {
      const entries = await this.redis.xrange(this.keys.eventLog(), `(${this.lastLogId}`, "+", "COUNT", 2000);
      for (const [id, fields] of entries) {
        this.lastLogId = id;
        const field = (name: string) => {
          for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
          return undefined;
        };
        const audience = field("audience");
        if (audience !== undefined && (JSON.parse(audience) as { supervisors?: boolean }).supervisors === true) {
          this.supervisorLog.push(id);
          this.eventNames.set(id, field("event") ?? "?");
          this.entries.set(id, `${field("event")} ${field("data")}`);
        }
      }
      if (entries.length < 2000) return;
    }
  }

  /** Another logged id whose event and payload are the same as `id`'s (the entry was logged twice), if any. */
  twinOf(id: string): string | undefined {
    const entry = this.entries.get(id);
    for (const [other, text] of this.entries) if (other !== id && text === entry) return other;
    return undefined;
  }

  /** Stops sampling and collecting. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.sampler);
    clearTimeout(this.collector);
  }

  async close(): Promise<void> {
    this.stop();
    this.redis.disconnect();
  }
}
