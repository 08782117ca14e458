/**
 * Queue calls in Redis: each queue's waiting set (by priority, then entry time), moving a session
 * into a queue, priorities, maximum-wait deadlines, round-robin's last agent and what supervisors
 * were last told of each waiting call. See `README.md` for keys and scripts.
 */
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";
import { parseSession, toTransitionError } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import { agentKeys, checkClaimLimit, invalid, sessionOf, statusChangeOf, type SessionKeyCache } from "./session-keys.js";
import type { SessionRecord, StatusChange, TransitionResult } from "./types.js";

/** Queue priorities: higher is served first. */
export const MIN_PRIORITY = -100;
export const MAX_PRIORITY = 100;

/** How long what supervisors were told of a waiting call is kept (s): longer than any wait. */
const ANNOUNCED_TTL_S = 3600;

/** Reads and writes the queues under one key prefix. All `now` arguments are Unix ms. */
export class QueueStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
    private readonly cache: SessionKeyCache,
  ) {}

  /**
   * Puts the session into a queue and releases its agent's slot in the same step (see
   * `lua/requeue_session.lua`): an offer that did not reach its agent (ringing or connecting)
   * returns to its own queue at its old place (`targetQueueNumber` null); a connected call
   * (transfer to a queue) or a waiting one (moved) enters `targetQueueNumber` anew, with overflow at
   * `maxWaitDeadline` (Unix ms, 0 = none). Returns the session before and after, and the agent's
   * status change (null when it had no agent). Refusals: NOT_FOUND, INVALID_STATE.
   */
  async requeueSession(
    sessionId: string,
    targetQueueNumber: string | null,
    now: number,
    maxWaitDeadline = 0,
  ): Promise<TransitionResult<{ previous: SessionRecord; session: SessionRecord; statusChange: StatusChange | null }>> {
    const sessionKey = this.keys.session(sessionId);
    const reply = await this.cache.withKeyFields(sessionId, ({ agentId, queueNumber, agentChannelId }) => {
      const target = targetQueueNumber ?? queueNumber;
      return this.scripts.requeueSession(
        [
          sessionKey,
          ...agentKeys(this.keys, agentId),
          this.keys.ringDeadlines(),
          this.keys.queue(queueNumber),
          this.keys.queue(target),
          this.keys.queueDeadlines(),
          this.keys.channel(agentChannelId),
        ],
        [sessionId, agentId, queueNumber, agentChannelId, target, now, new Date(now).toISOString(), maxWaitDeadline],
      );
    });
    if (!reply.ok) return toTransitionError(reply);
    return {
      ok: true,
      previous: parseSession(reply.previous as Record<string, string>),
      session: this.cache.remember(sessionOf(reply)),
      statusChange: statusChangeOf(reply),
    };
  }

  /**
   * Sets the priority (-100..100, higher served first) of a waiting call and reorders its queue.
   * Refusals: NOT_FOUND, INVALID_STATE (not waiting), INVALID_ARGUMENT (out of range).
   */
  async setQueuePriority(sessionId: string, priority: number): Promise<TransitionResult<{ changed: boolean; session: SessionRecord }>> {
    if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      return invalid(`Priority must be an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY}, not ${priority}.`);
    }
    const sessionKey = this.keys.session(sessionId);
    const reply = await this.cache.withKeyFields(sessionId, ({ queueNumber }) =>
      this.scripts.setQueuePriority([sessionKey, this.keys.queue(queueNumber)], [sessionId, queueNumber, priority]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: sessionOf(reply) };
  }

  /**
   * Records what supervisors were last told about a waiting call (`signature`, e.g.
   * position:estimate:priority). Returns true when it differs from the last one, so the caller
   * publishes an update only for real changes. A cache, not a transition: a lost write only
   * repeats an update.
   */
  async markAnnounced(sessionId: string, signature: string): Promise<boolean> {
    const previous = await this.redis.set(this.keys.sessionAnnounced(sessionId), signature, "EX", ANNOUNCED_TTL_S, "GET");
    return previous !== signature;
  }

  /** The agent last offered a call of `queueNumber` by round-robin, or null. */
  async roundRobinLast(queueNumber: string): Promise<string | null> {
    return this.redis.get(this.keys.queueRoundRobin(queueNumber));
  }

  /** Records the agent just offered a call of `queueNumber` by round-robin. */
  async setRoundRobinLast(queueNumber: string, agentId: string): Promise<void> {
    await this.redis.set(this.keys.queueRoundRobin(queueNumber), agentId);
  }

  /** The session ids waiting in `queueNumber`, first to be served first. */
  async waitingSessionIds(queueNumber: string): Promise<string[]> {
    return this.redis.zrange(this.keys.queue(queueNumber), 0, -1);
  }

  /**
   * Takes up to `limit` (1..1000) waiting session ids whose maximum wait ended at or before `now`,
   * each handed out once across callers and nodes (then the caller overflows them).
   * Throws RangeError on a bad `limit`.
   */
  async claimDueQueueDeadlines(now: number, limit: number): Promise<string[]> {
    checkClaimLimit(limit);
    return this.scripts.claimDue([this.keys.queueDeadlines()], [now, limit]);
  }
}
