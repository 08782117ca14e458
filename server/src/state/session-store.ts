/**
 * Sessions in Redis: one per customer call, from StasisStart to its end, the capacity slot it
 * holds on its agent, its ring deadline and the day's session counters. Every transition is one
 * Lua script; see `README.md` for the state machine. Queues are `queue-store.ts`, transfers
 * `transfer-store.ts`.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { StateKeys } from "./keys.js";
import { parseSession, parseStatusChange, toTransitionError } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import { agentKeys, checkClaimLimit, invalid, sessionOf, settled, statusChangeOf, utcDay, type SessionKeyCache } from "./session-keys.js";
import type {
  DailyCounters,
  MuteState,
  SessionKind,
  SessionRecord,
  StatusChange,
  TransitionResult,
} from "./types.js";

/** What StasisStart tells about a new customer call. */
export interface NewSession {
  kind: SessionKind;
  customerChannelId: string;
  customerNumber: string;
  callerName: string;
  /** Direct calls: the dialled extension. */
  extension?: string;
  /** Queue calls: the dialled queue number. */
  queueNumber?: string;
  /** The id to give the session; a random UUID when absent. */
  sessionId?: string;
  /** Queue calls: when the call overflows if still waiting (Unix ms); absent or 0 for no limit. */
  maxWaitDeadline?: number;
}

/** In-call controls to record; an absent field keeps its value. */
export interface CallFlags {
  onHold?: boolean;
  muted?: MuteState;
}

const MUTE_STATES: readonly MuteState[] = ["none", "in", "out", "both"];

/** Reads and writes sessions under one key prefix. All `now` arguments are Unix ms. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
    private readonly cache: SessionKeyCache,
  ) {}

  /**
   * Opens a session for a customer channel: `new` for a direct call, `queued` for a queue call.
   * Idempotent on `customerChannelId`: a repeated StasisStart gets the open session back with
   * `created: false`. Refusals: INVALID_ARGUMENT (empty channel id), INVALID_STATE (the given
   * `sessionId` is taken).
   */
  async createSession(
    input: NewSession,
    now: number,
  ): Promise<TransitionResult<{ created: boolean; session: SessionRecord }>> {
    if (input.customerChannelId === "") return invalid("A session needs its customer channel id.");
    const channelKey = this.keys.channel(input.customerChannelId);
    const sessionId = input.sessionId ?? randomUUID();
    const run = (indexed: string) =>
      this.scripts.createSession(
        [
          channelKey,
          this.keys.session(indexed === "" ? sessionId : indexed),
          this.keys.sessions(),
          this.keys.statsCounters(utcDay(now)),
          this.keys.queue(input.queueNumber ?? ""),
          this.keys.queueDeadlines(),
        ],
        [
          sessionId,
          input.kind,
          input.customerChannelId,
          input.customerNumber,
          input.callerName,
          input.extension ?? "",
          input.queueNumber ?? "",
          now,
          indexed,
          input.maxWaitDeadline ?? 0,
        ],
      );
    // A channel's first StasisStart is the usual case: try without reading the index first; the
    // script answers STALE_KEYS when the channel already has a session, and then it is read.
    const reply = await this.cache.optimistic(
      () => run(""),
      async () => run((await this.redis.get(channelKey)) ?? ""),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, created: reply.created as boolean, session: this.cache.remember(sessionOf(reply)) };
  }

  /**
   * Offers a `new` or `queued` session to an agent: takes a capacity slot, the call rings on the
   * agent's lowest free line (`callIndex`) until `ringDeadline` (Unix ms); a queued call leaves its
   * queue in the same step. Refusals: NOT_FOUND, UNKNOWN_AGENT, INVALID_STATE, AGENT_OFFLINE,
   * AGENT_PAUSED, AGENT_IN_WRAP_UP, NO_CAPACITY.
   */
  async reserveSlot(
    sessionId: string,
    agentId: string,
    ringDeadline: number,
    now: number,
  ): Promise<TransitionResult<{ session: SessionRecord; statusChange: StatusChange }>> {
    const sessionKey = this.keys.session(sessionId);
    const reply = await this.cache.withKeyFields(sessionId, ({ queueNumber }) =>
      this.scripts.reserveSlot(
        [
          sessionKey,
          ...agentKeys(this.keys, agentId),
          this.keys.ringDeadlines(),
          this.keys.queue(queueNumber),
          this.keys.queueDeadlines(),
        ],
        [sessionId, agentId, ringDeadline, now, new Date(now).toISOString(), queueNumber],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, session: this.cache.remember(sessionOf(reply)), statusChange: parseStatusChange(reply.statusChange) };
  }

  /**
   * The agent accepted its ringing call (`answer_call`): ringing → connecting, ring deadline
   * dropped. Accepting a connecting or connected call again gives `changed: false` and no status
   * change. Refusals: NOT_FOUND, FORBIDDEN (not this agent's session), INVALID_STATE (not
   * ringing, or the ring timeout was already claimed).
   */
  async markConnecting(
    sessionId: string,
    agentId: string,
    now: number,
  ): Promise<TransitionResult<{ changed: boolean; session: SessionRecord; statusChange: StatusChange | null }>> {
    const reply = settled(
      await this.scripts.markConnecting(
        [this.keys.session(sessionId), this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.ringDeadlines()],
        [sessionId, agentId, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.cache.remember(sessionOf(reply)), statusChange: statusChangeOf(reply) };
  }

  /**
   * Records the agent leg's channel id, chosen by the server before the originate, and indexes it
   * so that channel's ARI events find the session. Attaching the same channel again gives
   * `changed: false`. Refusals: NOT_FOUND, INVALID_STATE (session not offered to an agent or
   * ended, another agent channel already attached, or the channel belongs to another session).
   */
  async attachAgentChannel(
    sessionId: string,
    channelId: string,
  ): Promise<TransitionResult<{ changed: boolean; session: SessionRecord }>> {
    if (channelId === "") return invalid("An agent channel id must not be empty.");
    const reply = settled(
      await this.scripts.attachAgentChannel([this.keys.session(sessionId), this.keys.channel(channelId)], [sessionId, channelId]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.cache.remember(sessionOf(reply)) };
  }

  /**
   * Both channels are in the mixing bridge `bridgeId`: connecting → connected. Repeating gives
   * `changed: false`. Refusals: NOT_FOUND, INVALID_STATE (not connecting).
   */
  async connectCall(
    sessionId: string,
    bridgeId: string,
    now: number,
  ): Promise<TransitionResult<{ changed: boolean; session: SessionRecord; statusChange: StatusChange | null }>> {
    const sessionKey = this.keys.session(sessionId);
    const reply = await this.cache.withKeyFields(sessionId, ({ agentId }) =>
      this.scripts.connectCall(
        [sessionKey, this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.statsCounters(utcDay(now))],
        [sessionId, agentId, bridgeId, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.cache.remember(sessionOf(reply)), statusChange: statusChangeOf(reply) };
  }

  /**
   * Ends the session and frees its agent's capacity slot, exactly once, from any state. The first
   * call gives `released: true`, the session as it was just before (for durations) and the agent's
   * status change (null when no agent was reserved); every later call gives `released: false`,
   * the ended session, no status change, and changes nothing. `reason` is stored as `endReason`.
   * A waiting call leaves its queue. `wrapUpMs` > 0 starts the agent's after-call work when the
   * call had been connected (a longer one already running is kept).
   * Refusals: NOT_FOUND (unknown, or ended more than an hour ago).
   */
  async releaseSlot(
    sessionId: string,
    reason: string,
    now: number,
    wrapUpMs = 0,
  ): Promise<TransitionResult<{ released: boolean; session: SessionRecord; statusChange: StatusChange | null }>> {
    const sessionKey = this.keys.session(sessionId);
    const reply = await this.cache.withKeyFields(sessionId, ({ agentId, agentChannelId, customerChannelId, queueNumber }) =>
      this.scripts.releaseSlot(
        [
          sessionKey,
          ...agentKeys(this.keys, agentId),
          this.keys.ringDeadlines(),
          this.keys.sessions(),
          this.keys.channel(customerChannelId),
          this.keys.channel(agentChannelId),
          this.keys.statsCounters(utcDay(now)),
          this.keys.queue(queueNumber),
          this.keys.queueDeadlines(),
          this.keys.wrapUps(),
        ],
        [sessionId, agentId, agentChannelId, reason, now, new Date(now).toISOString(), queueNumber, wrapUpMs],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    // An ended session's keys are not needed again by this process.
    this.cache.forget(sessionId);
    return { ok: true, released: reply.released as boolean, session: sessionOf(reply), statusChange: statusChangeOf(reply) };
  }

  /**
   * Records hold and mute of a connected session; absent flags keep their value. Refusals:
   * NOT_FOUND, INVALID_STATE (not connected), INVALID_ARGUMENT (unknown mute direction).
   */
  async setCallFlags(
    sessionId: string,
    flags: CallFlags,
  ): Promise<TransitionResult<{ changed: boolean; session: SessionRecord }>> {
    if (flags.muted !== undefined && !MUTE_STATES.includes(flags.muted)) {
      return invalid(`Mute direction must be none, in, out or both, not ${String(flags.muted)}.`);
    }
    const onHold = flags.onHold === undefined ? "" : flags.onHold ? "1" : "0";
    const reply = settled(
      await this.scripts.setCallFlags([this.keys.session(sessionId)], [sessionId, onHold, flags.muted ?? ""]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: sessionOf(reply) };
  }

  /** The session (open, or ended less than an hour ago), or null. */
  async getSession(sessionId: string): Promise<SessionRecord | null> {
    const stored = await this.redis.get(this.keys.session(sessionId));
    return stored === null ? null : this.cache.remember(parseSession(JSON.parse(stored) as Record<string, string>));
  }

  /** The id of the session a customer or agent channel belongs to, or null. */
  async sessionIdByChannel(channelId: string): Promise<string | null> {
    return this.redis.get(this.keys.channel(channelId));
  }

  /** Every session not yet ended, oldest first. */
  async listOpenSessions(): Promise<SessionRecord[]> {
    const sessionIds = await this.redis.smembers(this.keys.sessions());
    if (sessionIds.length === 0) return [];
    const stored = await this.redis.mget(sessionIds.map((id) => this.keys.session(id)));
    const sessions = stored.flatMap((json) => (json === null ? [] : [parseSession(JSON.parse(json) as Record<string, string>)]));
    return sessions.sort((a, b) => a.createdAt - b.createdAt || a.sessionId.localeCompare(b.sessionId));
  }

  /**
   * Takes up to `limit` (1..1000) session ids whose ring deadline is at or before `now` out of the
   * ring deadlines and returns them: across every caller and server node, each id is handed out
   * once. The caller then ends or re-offers those sessions. Throws RangeError on a bad `limit`.
   */
  async claimDueRingTimeouts(now: number, limit: number): Promise<string[]> {
    checkClaimLimit(limit);
    return this.scripts.claimDue([this.keys.ringDeadlines()], [now, limit]);
  }

  /** The session counters of the UTC day containing `now` (zeros for a day without sessions). */
  async dailyCounters(now: number): Promise<DailyCounters> {
    const hash = await this.redis.hgetall(this.keys.statsCounters(utcDay(now)));
    return {
      sessionsCreated: Number(hash.sessionsCreated ?? 0),
      sessionsConnected: Number(hash.sessionsConnected ?? 0),
      sessionsEnded: Number(hash.sessionsEnded ?? 0),
      peakOpenSessions: Number(hash.peakOpenSessions ?? 0),
    };
  }
}
