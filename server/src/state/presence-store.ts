/**
 * Which server processes hold a screen of each agent open, so that an agent whose screens are all
 * gone (closed, or on a process that died) goes offline after a grace period, with several server
 * processes on one Redis.
 *
 * Each process holds a lease per agent it has screens for (`agentScreens`: node id → lease end)
 * and renews it while a screen is open; an agent whose screens may all be gone has a check due in
 * `presenceChecks`. Leases that are not renewed run out, so a process that dies leaves nothing
 * "present" for long: its leases end, and the check set up with each renewal takes the agent
 * offline. Needs Redis ≥ 6.2 (ZADD LT).
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";
import { parseReply, parseStatusChange } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import type { StatusChange } from "./types.js";

export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
  ) {}

  /**
   * Renews `nodeId`'s screen lease of each agent until `leaseEnd` (Unix ms), and gives each agent
   * without a pending check one at `leaseEnd + graceMs`: if this process dies, that check finds the
   * lease run out. One pipeline for all agents.
   */
  async renewLeases(nodeId: string, agentIds: readonly string[], leaseEnd: number, graceMs: number): Promise<void> {
    if (agentIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const agentId of agentIds) {
      pipeline.zadd(this.keys.agentScreens(agentId), leaseEnd, nodeId);
      pipeline.zadd(this.keys.presenceChecks(), "NX", leaseEnd + graceMs, agentId);
    }
    await execOrThrow(pipeline.exec());
  }

  /**
   * Ends `nodeId`'s screen lease of the agent (its last screen on that process closed) and moves
   * the agent's check to `checkAt` (Unix ms: now plus the grace) unless one is due earlier.
   */
  async dropLease(nodeId: string, agentId: string, checkAt: number): Promise<void> {
    await execOrThrow(
      this.redis.pipeline().zrem(this.keys.agentScreens(agentId), nodeId).zadd(this.keys.presenceChecks(), "LT", checkAt, agentId).exec(),
    );
  }

  /** Agent ids whose presence check is due at `now` (Unix ms), at most `limit`, earliest first. */
  async dueChecks(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.presenceChecks(), "-inf", now, "LIMIT", 0, limit);
  }

  /**
   * Runs the agent's due check (`lua/lapse_presence.lua`): with no live lease left, presence goes
   * `offline` (calls held are kept) and the status change is returned; otherwise, or when the
   * check is not due (another process took it), null.
   */
  async lapse(agentId: string, now: number, graceMs: number): Promise<StatusChange | null> {
    const reply = parseReply(
      await this.scripts.lapsePresence(
        [this.keys.agentScreens(agentId), this.keys.presenceChecks(), this.keys.agent(agentId), this.keys.agentCalls(agentId)],
        [agentId, now, graceMs, new Date(now).toISOString()],
      ),
    ) as { ok: true; lapsed: boolean; statusChange?: unknown };
    return reply.lapsed ? parseStatusChange(reply.statusChange) : null;
  }
}

/** Throws the first error of a pipeline's replies. */
async function execOrThrow(replies: Promise<[Error | null, unknown][] | null>): Promise<void> {
  for (const [error] of (await replies) ?? []) if (error) throw error;
}
