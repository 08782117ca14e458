/**
 * Token revocation by generation: every token subject (an agent, or the role `supervisor` or
 * `ops` for their tokens) has a generation in Redis, 0 until its first revocation. A token carries
 * the generation it was signed for (claim `gen`) and is accepted only while that is at least the
 * subject's current one; revoking moves the generation on, refusing every token signed before.
 *
 * Generations this process has read or set are also kept in memory and never go back, so a Redis
 * that comes back empty (restart without persistence, failover) does not revive revoked tokens:
 * {@link TokenGenerations.restore} writes them back, and checks use the higher of both.
 */
import type { Redis } from "ioredis";
import type { Identity } from "./token.js";

/** Whose tokens: the role and the token's `sub` (the agent id, or the role itself for supervisor and ops). */
export type TokenSubject = Pick<Identity, "role" | "subject">;

/** The field of a subject in the generations hash: `<role>:<sub>`, so an agent id never shares a role's generation. */
function fieldOf({ role, subject }: TokenSubject): string {
  return `${role}:${subject}`;
}

export class TokenGenerations {
  private readonly known = new Map<string, number>();

  /** `key`: the hash of generations, `keys.tokenGenerations()` of the state's key names. */
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  /** The current generation of `subject` (0 when never revoked). One HGET. */
  async current(subject: TokenSubject): Promise<number> {
    const field = fieldOf(subject);
    const stored = Number((await this.redis.hget(this.key, field)) ?? 0);
    return this.remember(field, stored);
  }

  /**
   * Revokes every token of `subject` signed so far: raises its generation by one (HINCRBY, atomic
   * across server processes), above any generation this process knew.
   * @returns the new generation; tokens must be signed with it from now on.
   */
  async revoke(subject: TokenSubject): Promise<number> {
    const key = this.key;
    const field = fieldOf(subject);
    let generation = await this.redis.hincrby(key, field, 1);
    const floor = (this.known.get(field) ?? 0) + 1;
    // Redis lost a higher generation this process had seen: go past that one instead.
    if (generation < floor) generation = await this.redis.hincrby(key, field, floor - generation);
    return this.remember(field, generation);
  }

  /** Writes the generations this process knows back into a Redis that lost them (HSET, one round trip). */
  async restore(): Promise<void> {
    if (this.known.size === 0) return;
    await this.redis.hset(this.key, Object.fromEntries(this.known));
  }

  private remember(field: string, generation: number): number {
    const highest = Math.max(generation, this.known.get(field) ?? 0);
    if (highest > 0) this.known.set(field, highest);
    return highest;
  }
}
