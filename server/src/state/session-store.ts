/**
 * Sessions in Redis: one per customer call, from StasisStart to its end, and the capacity slot it
 * holds on its agent. Every transition is one Lua script; see `README.md` for the state machine.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { withFreshKeys, type SettledReply } from "./fresh-keys.js";
import type { StateKeys } from "./keys.js";
import { parseReply, parseSession, parseStatusChange, toTransitionError } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import type {
  DailyCounters,
  MuteState,
  SessionKind,
  SessionRecord,
  StatusChange,
  TransitionError,
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

/** At most this many deadlines are claimed per call (bounds the reply and the Lua stack). */
export const MAX_RING_TIMEOUT_CLAIM = 1000;

/** Queue priorities: higher is served first. */
export const MIN_PRIORITY = -100;
export const MAX_PRIORITY = 100;

function checkClaimLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RING_TIMEOUT_CLAIM) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_RING_TIMEOUT_CLAIM}, not ${limit}`);
  }
}

function invalid(message: string): TransitionError {
  return { ok: false, code: "INVALID_ARGUMENT", message };
}

function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function sessionOf(reply: Record<string, unknown>): SessionRecord {
  return parseSession(reply.session as Record<string, string>);
}

/** The fields of a session that name other keys; "" when absent. */
interface KeyFields {
  agentId: string;
  agentChannelId: string;
  queueNumber: string;
  customerChannelId: string;
}

/** How long what supervisors were told of a waiting call is kept (s): longer than any wait. */
const ANNOUNCED_TTL_S = 3600;

/** Key fields remembered at most, for the sessions most recently seen by this process. */
const MAX_REMEMBERED_SESSIONS = 10_000;

function statusChangeOf(reply: Record<string, unknown>): StatusChange | null {
  return reply.statusChange === undefined ? null : parseStatusChange(reply.statusChange);
}

/** Reads and writes sessions under one key prefix. All `now` arguments are Unix ms. */
export class SessionStore {
  /** Key fields of recently seen sessions, by session id (see {@link withKeyFields}). */
  private readonly keyFields = new Map<string, KeyFields>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
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
    const reply = await this.optimistic(
      () => run(""),
      async () => run((await this.redis.get(channelKey)) ?? ""),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, created: reply.created as boolean, session: this.remember(sessionOf(reply)) };
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
    const reply = await this.withKeyFields(sessionId, ({ queueNumber }) =>
      this.scripts.reserveSlot(
        [
          sessionKey,
          ...this.agentKeys(agentId),
          this.keys.ringDeadlines(),
          this.keys.queue(queueNumber),
          this.keys.queueDeadlines(),
        ],
        [sessionId, agentId, ringDeadline, now, new Date(now).toISOString(), queueNumber],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, session: this.remember(sessionOf(reply)), statusChange: parseStatusChange(reply.statusChange) };
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
    const reply = this.settled(
      await this.scripts.markConnecting(
        [this.keys.session(sessionId), this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.ringDeadlines()],
        [sessionId, agentId, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.remember(sessionOf(reply)), statusChange: statusChangeOf(reply) };
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
    const reply = this.settled(
      await this.scripts.attachAgentChannel([this.keys.session(sessionId), this.keys.channel(channelId)], [sessionId, channelId]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.remember(sessionOf(reply)) };
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
    const reply = await this.withKeyFields(sessionId, ({ agentId }) =>
      this.scripts.connectCall(
        [sessionKey, this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.statsCounters(utcDay(now))],
        [sessionId, agentId, bridgeId, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: this.remember(sessionOf(reply)), statusChange: statusChangeOf(reply) };
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
    const reply = await this.withKeyFields(sessionId, ({ agentId, agentChannelId, customerChannelId, queueNumber }) =>
      this.scripts.releaseSlot(
        [
          sessionKey,
          ...this.agentKeys(agentId),
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
    this.keyFields.delete(sessionId);
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
    const reply = this.settled(
      await this.scripts.setCallFlags([this.keys.session(sessionId)], [sessionId, onHold, flags.muted ?? ""]),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, changed: reply.changed as boolean, session: sessionOf(reply) };
  }

  /** The session (open, or ended less than an hour ago), or null. */
  async getSession(sessionId: string): Promise<SessionRecord | null> {
    const stored = await this.redis.get(this.keys.session(sessionId));
    return stored === null ? null : this.remember(parseSession(JSON.parse(stored) as Record<string, string>));
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

  /**
   * Takes up to `limit` (1..1000) waiting session ids whose maximum wait ended at or before `now`,
   * each handed out once across callers and nodes (then the caller overflows them).
   * Throws RangeError on a bad `limit`.
   */
  async claimDueQueueDeadlines(now: number, limit: number): Promise<string[]> {
    checkClaimLimit(limit);
    return this.scripts.claimDue([this.keys.queueDeadlines()], [now, limit]);
  }

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
    const reply = await this.withKeyFields(sessionId, ({ agentId, queueNumber, agentChannelId }) => {
      const target = targetQueueNumber ?? queueNumber;
      return this.scripts.requeueSession(
        [
          sessionKey,
          ...this.agentKeys(agentId),
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
      session: this.remember(sessionOf(reply)),
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
    const reply = await this.withKeyFields(sessionId, ({ queueNumber }) =>
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
    const reply = this.settled(
      await this.scripts.beginTransfer(
        [
          this.keys.session(sessionId),
          this.keys.session(targetSessionId),
          ...this.agentKeys(agentId),
          this.keys.ringDeadlines(),
          this.keys.sessions(),
        ],
        [sessionId, targetSessionId, fromAgentId, agentId, ringDeadline, now, new Date(now).toISOString()],
      ),
    );
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, session: this.remember(sessionOf(reply)), statusChange: parseStatusChange(reply.statusChange) };
  }

  /**
   * The transfer's target answered: the customer channel (`customerChannelId`) now belongs to
   * `targetSessionId`. Refusals: INVALID_STATE (no such transfer, or the channel moved on).
   */
  async handOverCustomer(sessionId: string, targetSessionId: string, customerChannelId: string): Promise<TransitionResult<{ changed: boolean }>> {
    const reply = this.settled(
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
    const reply = this.settled(await this.scripts.cancelTransfer([this.keys.session(sessionId)], [sessionId, targetSessionId]));
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, cancelled: reply.cancelled as boolean, session: sessionOf(reply) };
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

  /**
   * Runs a script whose keys are named by fields of the session (see `fresh-keys.ts`). It first
   * uses the fields this process last saw for the session, saving a read; the script checks them
   * and answers STALE_KEYS without writing when they changed (another node, an older view), and
   * then the fields are read from Redis and the script run again.
   */
  private withKeyFields(sessionId: string, run: (fields: KeyFields) => Promise<string>): Promise<SettledReply> {
    const known = this.keyFields.get(sessionId);
    return this.optimistic(
      known ? () => run(known) : undefined,
      async () => run(await this.readKeyFields(sessionId)),
    );
  }

  /** Runs `first` (when given) and, if it answers STALE_KEYS, `fresh` until the keys hold. */
  private async optimistic(first: (() => Promise<string>) | undefined, fresh: () => Promise<string>): Promise<SettledReply> {
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
  private remember(session: SessionRecord): SessionRecord {
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

  /** An agent's hash, calls hash and lines hash: the keys of every transition that takes or frees a slot. */
  private agentKeys(agentId: string): [agent: string, agentCalls: string, agentLines: string] {
    return [this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.agentLines(agentId)];
  }

  /** Parses the reply of a script whose keys depend on nothing stored (it never answers STALE_KEYS). */
  private settled(reply: string): SettledReply {
    return parseReply(reply) as SettledReply;
  }
}
