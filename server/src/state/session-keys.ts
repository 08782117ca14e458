/**
 * What the session, queue and transfer stores share: the key fields of recently seen sessions
 * (so a transition whose keys depend on stored fields usually needs no read first, see
 * `fresh-keys.ts`) and the parsing of script replies.
 */
import type { Redis } from "ioredis";
import { withFreshKeys, type SettledReply } from "./fresh-keys.js";
import type { StateKeys } from "./keys.js";
import { parseReply, parseSession, parseStatusChange } from "./replies.js";
import type { SessionRecord, StatusChange, TransitionError } from "./types.js";

/** The fields of a session that name other keys; "" when absent. */
export interface KeyFields {
  agentId: string;
  agentChannelId: string;
  queueNumber: string;
  customerChannelId: string;
}

/** Key fields remembered at most, for the sessions most recently seen by this process. */
const MAX_REMEMBERED_SESSIONS = 10_000;

/** At most this many deadlines are claimed per call (bounds the reply and the Lua stack). */
export const MAX_RING_TIMEOUT_CLAIM = 1000;

/** Throws RangeError unless `limit` is an integer from 1 to {@link MAX_RING_TIMEOUT_CLAIM}. */
export function checkClaimLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RING_TIMEOUT_CLAIM) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_RING_TIMEOUT_CLAIM}, not ${limit}`);
  }
}

/** A refusal of bad input, before any script runs. */
export function invalid(message: string): TransitionError {
  return { ok: false, code: "INVALID_ARGUMENT", message };
}

/** The UTC day (`YYYY-MM-DD`) containing `now` (Unix ms): the name of that day's counters. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The session a script replied with. */
export function sessionOf(reply: Record<string, unknown>): SessionRecord {
  return parseSession(reply.session as Record<string, string>);
}

/** The agent's status change a script replied with, or null when it touched no agent. */
export function statusChangeOf(reply: Record<string, unknown>): StatusChange | null {
  return reply.statusChange === undefined ? null : parseStatusChange(reply.statusChange);
}

/** Parses the reply of a script whose keys depend on nothing stored (it never answers STALE_KEYS). */
export function settled(reply: string): SettledReply {
  return parseReply(reply) as SettledReply;
}

/** An agent's hash, calls hash and lines hash: the keys of every transition that takes or frees a slot. */
export function agentKeys(keys: StateKeys, agentId: string): [agent: string, agentCalls: string, agentLines: string] {
  return [keys.agent(agentId), keys.agentCalls(agentId), keys.agentLines(agentId)];
}

/** The key fields of recently seen sessions, by session id, shared by the stores of one process. */
export class SessionKeyCache {
  private readonly keyFields = new Map<string, KeyFields>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
  ) {}

  /**
   * Runs a script whose keys are named by fields of the session (see `fresh-keys.ts`). It first
   * uses the fields this process last saw for the session, saving a read; the script checks them
   * and answers STALE_KEYS without writing when they changed (another node, an older view), and
   * then the fields are read from Redis and the script run again.
   */
  withKeyFields(sessionId: string, run: (fields: KeyFields) => Promise<string>): Promise<SettledReply> {
    const known = this.keyFields.get(sessionId);
    return this.optimistic(
      known ? () => run(known) : undefined,
      async () => run(await this.readKeyFields(sessionId)),
    );
  }

  /** Runs `first` (when given) and, if it answers STALE_KEYS, `fresh` until the keys hold. */
  async optimistic(first: (() => Promise<string>) | undefined, fresh: () => Promise<string>): Promise<SettledReply> {
    if (first) {
      const reply = parseReply(await first());
      if (reply.ok || reply.code !== "STALE_KEYS") return reply as SettledReply;
    }
    return withFreshKeys(fresh);
  }

  private async readKeyFields(sessionId: string): Promise<KeyFields> {
    const stored = await this.redis.get(this.keys.session(sessionId));
    const session = stored === null ? {} : (JSON.parse(stored) as Partial<Record<keyof KeyFields, string>>);
    return {
      agentId: session.agentId ?? "",
      agentChannelId: session.agentChannelId ?? "",
      queueNumber: session.queueNumber ?? "",
      customerChannelId: session.customerChannelId ?? "",
    };
  }

  /** Keeps the key fields of a session a transition just returned; returns the session. */
  remember(session: SessionRecord): SessionRecord {
    if (session.released) {
      this.keyFields.delete(session.sessionId);
      return session;
    }
    this.keyFields.delete(session.sessionId);
    this.keyFields.set(session.sessionId, {
      agentId: session.agentId ?? "",
      agentChannelId: session.agentChannelId ?? "",
      queueNumber: session.queueNumber ?? "",
      customerChannelId: session.customerChannelId,
    });
    // Map order is insertion order: the first key is the one seen longest ago.
    if (this.keyFields.size > MAX_REMEMBERED_SESSIONS) this.keyFields.delete(this.keyFields.keys().next().value!);
    return session;
  }

  /** Drops what is known of an ended session: its keys are not needed again by this process. */
  forget(sessionId: string): void {
    this.keyFields.delete(sessionId);
  }
}
