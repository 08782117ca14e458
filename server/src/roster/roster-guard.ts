/**
 * Keeps the roster in Redis: loads it at start and loads it again when Redis comes back without
 * it (a restart without persistence, a failover to an empty replica, a FLUSHALL), which would
 * otherwise refuse every call with `unknown_extension` while `/health` said 200.
 *
 * Detection: once the roster is loaded, a marker key (`keys.rosterLoaded()`) is set in the same
 * Redis; it is checked every `checkIntervalMs`, whenever the Redis connection becomes ready again,
 * and by `/health`. One EXISTS each time, nothing per call.
 *
 * What is written back: the roster as this process last saw it, not just `AGENTS_FILE`. It starts
 * as the file, follows every `PUT`/`DELETE /api/agents` this process serves at once, and is
 * refreshed every check from the agent board (which follows the other processes' changes through
 * their `agent_status_updated` and lists Redis every 5 s), so run-time changes survive; a change made
 * on another process less than a few seconds before Redis lost its data may be missed, and an
 * agent deleted on another process since this one last listed comes back. Each agent's presence
 * (available, paused with its reason) is restored too, so agents need not set themselves
 * available again; the calls they held are gone with the sessions. Revoked token generations this
 * process knows are written back (see `auth/token-generations.ts`). The queue configuration
 * (`QUEUES_FILE`) lives in each process's memory and needs no reload.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { TokenGenerations } from "../auth/token-generations.js";
import type { AgentLister, AgentStore, Presence, StateKeys, StatusChange } from "../state/index.js";
import type { RosterEntry } from "./roster-file.js";

/** One agent as it is written back: roster fields and the presence it had. */
interface KeptAgent extends RosterEntry {
  presence: Presence;
  pauseReason: string | null;
}

/** The roster's state for `/health`: `up` when loaded in Redis, `down` while missing or reloading. */
export interface RosterHealth {
  status: "up" | "down";
  detail: string;
}

/** What the guard needs. */
export interface RosterGuardOptions {
  redis: Redis;
  keys: StateKeys;
  agents: AgentStore;
  /** The in-memory agent board: the roster as every process changed it, at most a few seconds old. */
  board: AgentLister;
  generations: TokenGenerations;
  /** The roster file's entries, loaded at start. */
  roster: readonly RosterEntry[];
  logger: Pick<Logger, "info" | "warn" | "error">;
  now(): number;
  /** Publishes a reloaded agent's status change (`agent_status_updated`). */
  onStatusChange(change: StatusChange): Promise<void>;
  /** How often the marker is checked, in ms (default 1000). */
  checkIntervalMs?: number;
}

/** Default interval between marker checks: 1 s, in ms. */
export const defaultRosterCheckIntervalMs = 1000;

export class RosterGuard {
  private readonly kept = new Map<string, KeptAgent>();
  /** Agents this process deleted: a board listing older than the deletion must not bring them back. */
  private readonly deleted = new Set<string>();
  private health: RosterHealth = { status: "down", detail: "roster not loaded yet" };
  private checking: Promise<RosterHealth> | undefined;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onReady = (): void => void this.check();
  /** How many times Redis was found without the roster and the roster written back. */
  reloads = 0;

  constructor(private readonly options: RosterGuardOptions) {
    for (const entry of options.roster) this.kept.set(entry.agentId, { ...entry, presence: "offline", pauseReason: null });
  }

  /**
   * Loads the roster into Redis (agents created or updated, never deleted) and sets the marker.
   * @throws Error when an agent cannot be written (e.g. two agents on one extension).
   */
  async load(): Promise<void> {
    await this.write(false);
  }

  /** Starts the periodic check and the check on every Redis reconnect. */
  start(): void {
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs ?? defaultRosterCheckIntervalMs);
    this.timer.unref();
    this.options.redis.on("ready", this.onReady);
  }

  stop(): void {
    clearInterval(this.timer);
    this.options.redis.off("ready", this.onReady);
  }

  /** Records a roster change this process made (`PUT /api/agents`). */
  noteChange(entry: RosterEntry): void {
    this.deleted.delete(entry.agentId);
    const previous = this.kept.get(entry.agentId);
    this.kept.set(entry.agentId, { ...entry, presence: previous?.presence ?? "offline", pauseReason: previous?.pauseReason ?? null });
  }

  /** Records an agent this process deleted (`DELETE /api/agents`). */
  noteDelete(agentId: string): void {
    this.kept.delete(agentId);
    this.deleted.add(agentId);
  }

  /**
   * Checks the marker. When it is missing, starts writing the roster back and answers `down`
   * at once; checks answer `down` until the roster is back. Concurrent calls share one check.
   * Never rejects: a Redis error makes the result `down` with the error as detail.
   */
  check(): Promise<RosterHealth> {
    if (this.reloading) return Promise.resolve(this.health);
    this.checking ??= this.runCheck().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Settles when a reload under way (if any) has finished. */
  async idle(): Promise<void> {
    await this.reloading;
  }

  private async runCheck(): Promise<RosterHealth> {
    try {
      // The board is read before the marker: a listing followed by a present marker predates any loss.
      const listed = await this.options.board.listAgents();
      if ((await this.options.redis.exists(this.options.keys.rosterLoaded())) === 1) {
        this.keepListing(listed);
        this.health = { status: "up", detail: `${this.kept.size} agents loaded` };
        return this.health;
      }
      this.health = { status: "down", detail: "Redis has lost the roster (restart without persistence or failover); reloading it" };
      this.options.logger.warn({ agents: this.kept.size }, "Redis has lost the roster; writing it back");
      this.reloading = this.reload().finally(() => (this.reloading = undefined));
    } catch (error) {
      this.health = { status: "down", detail: `roster check failed: ${(error as Error).message}` };
    }
    return this.health;
  }

  private async reload(): Promise<void> {
    try {
      await this.write(true);
      this.reloads += 1;
      this.options.logger.info({ agents: this.kept.size }, "roster written back into Redis");
    } catch (error) {
      // The next check finds the marker still missing and tries again.
      this.health = { status: "down", detail: `reloading the roster failed: ${(error as Error).message}` };
      this.options.logger.error({ err: error }, "could not write the roster back into Redis");
    }
  }

  private keepListing(listed: readonly { agentId: string; extension: string; agentName: string; maxCalls: number; presence: Presence; pauseReason: string | null }[]): void {
    if (listed.length === 0) return;
    this.kept.clear();
    for (const { agentId, extension, agentName, maxCalls, presence, pauseReason } of listed) {
      if (this.deleted.has(agentId)) continue;
      this.kept.set(agentId, { agentId, extension, agentName, maxCalls, presence, pauseReason });
    }
  }

  /** Writes every kept agent (with its presence when `withPresence`), the token generations, then the marker. */
  private async write(withPresence: boolean): Promise<void> {
    const { agents, now } = this.options;
    for (const agent of this.kept.values()) {
      const result = await agents.upsertAgent(agent, now());
      if (!result.ok) throw new Error(`Cannot load agent ${agent.agentId} from the roster: ${result.message}`);
      if (!withPresence) continue;
      await this.options.onStatusChange(result.statusChange);
      if (agent.presence === "offline") continue;
      const presence = await agents.setPresence(agent.agentId, agent.presence, agent.pauseReason ?? undefined, now());
      if (presence.ok) await this.options.onStatusChange(presence.statusChange);
    }
    await this.options.generations.restore();
    await this.options.redis.set(this.options.keys.rosterLoaded(), new Date(now()).toISOString());
    this.health = { status: "up", detail: `${this.kept.size} agents loaded` };
  }
}
