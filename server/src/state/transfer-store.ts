/**
 * Blind transfers to an agent in Redis: the target session opened on the same customer channel,
 * the hand-over of that channel when the target answers, and the cancellation when it does not.
 */
import type { StateKeys } from "./keys.js";
import { parseStatusChange, toTransitionError } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import { agentKeys, sessionOf, settled, type SessionKeyCache } from "./session-keys.js";
import type { SessionRecord, StatusChange, TransitionResult } from "./types.js";

/** Reads and writes transfers under one key prefix. All `now` arguments are Unix ms. */
export class TransferStore {
  constructor(
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
    private readonly cache: SessionKeyCache,
  ) {}

  /**
   * Blind transfer of `sessionId` (connected, held by `fromAgentId`) to `agentId`: opens the
   * target session `targetSessionId` on the same customer channel, ringing on the target until
   * `ringDeadline` (Unix ms). Refusals: NOT_FOUND, FORBIDDEN, INVALID_STATE (not connected, or a
   * transfer already rings), INVALID_ARGUMENT (own agent), UNKNOWN_AGENT, AGENT_OFFLINE,
   * AGENT_PAUSED, AGENT_IN_WRAP_UP, NO_CAPACITY.
   */
  async beginTransfer(
    sessionId: string,
    targetSessionId: string,
    fromAgentId: string,
    agentId: string,
    ringDeadline: number,
    now: number,
  ): Promise<TransitionResult<{ session: SessionRecord; statusChange: StatusChange }>> {
    const reply = settled(
      await this.scripts.beginTransfer(
        [
          this.keys.session(sessionId),
          this.keys.session(targetSessionId),
          ...agentKeys(this.keys, agentId),
          this.keys.ringDeadlines(),
          this.keys.sessions(),
        ],
        [sessionId, targetSessionId, fromAgentId, agentId, ringDeadline, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, session: this.cache.remember(sessionOf(reply)), statusChange: parseStatusChange(reply.statusChange) };
  }

  /**
   * The transfer's target answered: the customer channel (`customerChannelId`) now belongs to
   * `targetSessionId`. Refusals: INVALID_STATE (no such transfer, or the channel moved on).
   */
  async handOverCustomer(sessionId: string, targetSessionId: string, customerChannelId: string): Promise<TransitionResult<{ changed: boolean }>> {
    const reply = settled(
      await this.scripts.handOverCustomer([this.keys.channel(customerChannelId), this.keys.session(sessionId)], [sessionId, targetSessionId]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: true };
  }

  /**
   * The transfer to `targetSessionId` failed: `sessionId` is no longer being transferred.
   * `cancelled` is false when another transfer (or none) was pending. Refusals: NOT_FOUND.
   */
  async cancelTransfer(sessionId: string, targetSessionId: string): Promise<TransitionResult<{ cancelled: boolean; session: SessionRecord }>> {
    const reply = settled(await this.scripts.cancelTransfer([this.keys.session(sessionId)], [sessionId, targetSessionId]));
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, cancelled: reply.cancelled as boolean, session: sessionOf(reply) };
  }
}
