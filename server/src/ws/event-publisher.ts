/**
 * Publishes server events: appends each to the event log (a Redis stream) and delivers it to the
 * connected screens in its audience. The stream entry id is the event id, so ids increase over time
 * and survive restarts, and a screen that reconnects replays what it missed from the log.
 *
 * Events published in the same event-loop turn (concurrent calls) are appended in one pipeline:
 * one write to Redis, one reply, and so one turn in which all of them are delivered, in id order;
 * the hub then writes each client's frames of that turn in one system call.
 *
 * An append whose reply is lost (Redis stopped after running the XADD) rejects, yet the entry may
 * be in the log: this process's relay then delivers it (see `unconfirmed-appends.ts`).
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { FastifyBaseLogger } from "fastify";
import type { EventFrame, EventPayloadMap, ServerEventName } from "@acc/shared-types";
import type { Identity } from "../auth/token.js";
import { audienceIncludes, type Audience } from "../calls/audience.js";
import type { ClientHub } from "./client-hub.js";
import { CommandError } from "../calls/command-error.js";
import { eventFrame } from "./frames.js";
import { compareStreamIds, parseStreamId, streamStart } from "./stream-id.js";
import { UnconfirmedAppends } from "./unconfirmed-appends.js";

export interface EventPublisherOptions {
  redis: Redis;
  /** The event log's stream key (built by the state module's key helpers). */
  streamKey: string;
  /** Approximate number of events the log keeps (XADD MAXLEN ~), default 10000. */
  maxLength?: number;
  hub: ClientHub;
  logger: FastifyBaseLogger;
  /**
   * This process's id, written with each event (field `node`) so the relay of every other process
   * delivers it and this one does not deliver it twice (see `stream-relay.ts`). Default: a UUID.
   */
  nodeId?: string;
  /** Called with every event published, after it was delivered (the metrics count outcomes from it); must be cheap and not throw. */
  onPublish?: <E extends ServerEventName>(event: E, data: EventPayloadMap[E]) => void;
}

/** What a replay found: the events in order, and whether the log no longer held some. */
export interface Replay {
  events: EventFrame[];
  /** True when events after `afterId` may have been trimmed from the log: the client missed some. */
  truncated: boolean;
  /** True when `limit` stopped the replay: ask again after `nextAfterId`. */
  hasMore: boolean;
  /** The id to replay after next: the last returned event's id, or `afterId` when none was returned. */
  nextAfterId: string;
}

/** Default number of events the log keeps. */
export const defaultEventLogLength = 10_000;

/** Default and largest number of events one replay returns. */
export const defaultReplayLimit = 1000;

const scanBatch = 500;

/** An XADD waiting for the turn's pipeline. */
interface PendingAppend {
  fields: string[];
  /** The append's sequence number in {@link EventPublisher.unconfirmed}. */
  seq: number;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

export class EventPublisher {
  private readonly redis: Redis;
  private readonly streamKey: string;
  private readonly maxLength: number;
  private readonly hub: ClientHub;
  private readonly logger: FastifyBaseLogger;
  private readonly onPublish: EventPublisherOptions["onPublish"];
  /** This process's id in the event log (see {@link EventPublisherOptions.nodeId}). */
  readonly nodeId: string;
  /** This process's appends still waiting for Redis's reply or that lost it; its relay reads it. */
  readonly unconfirmed = new UnconfirmedAppends();
  /** Appends asked for in this turn, sent by {@link flushAppends}. */
  private pending: PendingAppend[] = [];

  constructor(options: EventPublisherOptions) {
    this.redis = options.redis;
    this.streamKey = options.streamKey;
    this.maxLength = options.maxLength ?? defaultEventLogLength;
    this.hub = options.hub;
    this.logger = options.logger;
    this.nodeId = options.nodeId ?? randomUUID();
    this.onPublish = options.onPublish;
  }

  /**
   * Appends the event to the log (XADD MAXLEN ~ with fields `event`, `data` and `audience`, both
   * JSON, `node`, this process's id, and `seq`, this process's publish sequence number) and sends
   * `{ event, data, id }` to every client of this process in `audience`; the other processes'
   * relays deliver it to theirs. The XADD goes out with the others published in the same turn (see
   * the module comment).
   * @returns the event id (the stream entry id); also when the XADD's reply was lost but this
   *   process's relay had already read the entry from the log.
   * @throws the Redis error when the append fails; this call delivers nothing then, and should the
   *   entry be in the log after all (the reply was lost), this process's relay delivers it.
   */
  async publish<E extends ServerEventName>(event: E, data: EventPayloadMap[E], audience: Audience): Promise<string> {
    const id = await this.append(["event", event, "data", JSON.stringify(data), "audience", JSON.stringify(audience), "node", this.nodeId]);
    const recipients = this.hub.deliver(eventFrame(event, data, id), audience, id);
    this.onPublish?.(event, data);
    this.logger.debug({ event, id, recipients }, "published event");
    return id;
  }

  /** Queues one XADD for this turn's pipeline; resolves with its id once Redis answered. */
  private append(fields: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const seq = this.unconfirmed.begin();
      fields.push("seq", String(seq));
      if (this.pending.push({ fields, seq, resolve, reject }) === 1) process.nextTick(this.flushAppends);
    });
  }

  /**
   * Sends the turn's XADDs in one pipeline (MULTI is not needed: each append stands alone). Their
   * replies come back together and in order, so the publishes resume, and deliver, in id order.
   */
  private readonly flushAppends = (): void => {
    const batch = this.pending;
    this.pending = [];
    const pipeline = this.redis.pipeline();
    for (const { fields } of batch) pipeline.xadd(this.streamKey, "MAXLEN", "~", String(this.maxLength), "*", ...fields);
    pipeline.exec().then(
      (results) => {
        batch.forEach((append, i) => {
          const [error, id] = results?.[i] ?? [new Error("the pipeline returned no reply"), null];
          if (error) this.settleFailed(append, error);
          else if (typeof id !== "string") this.settleFailed(append, new Error(`XADD to ${this.streamKey} returned no id`));
          else {
            this.unconfirmed.confirm(append.seq);
            append.resolve(id);
          }
        });
      },
      (error: unknown) => {
        for (const append of batch) this.settleFailed(append, error);
      },
    );
  };

  /** A failed append succeeded after all when the relay already read its entry from the log. */
  private settleFailed(append: PendingAppend, error: unknown): void {
    const logged = this.unconfirmed.fail(append.seq);
    if (logged) append.resolve(logged[0]);
    else append.reject(error);
  }

  /**
   * Sends an event to one client without logging it (frames only that client needs, such as its
   * `system_state`). `id` should be {@link lastId} read before `data` was built, so the client
   * knows which logged events `data` already reflects.
   * @returns false when the client is gone.
   */
  publishTo<E extends ServerEventName>(clientId: string, event: E, data: EventPayloadMap[E], id: string): boolean {
    return this.hub.sendTo(clientId, eventFrame(event, data, id));
  }

  /** The id of the newest event ever logged, or "0-0" for an empty log. */
  async lastId(): Promise<string> {
    return (await this.logInfo())?.lastGeneratedId ?? streamStart;
  }

  /**
   * The logged events after `afterId` that `identity` may see (agents: events for their agent id;
   * supervisors and ops: events for their role), oldest first.
   * @param afterId an event id ("<ms>-<seq>"); "0-0" replays the whole log.
   * @param limit most events returned (default 1000).
   * @param until last id considered (inclusive); default the end of the log.
   * @throws CommandError INVALID_MESSAGE when `afterId` is not an event id.
   */
  async replay(afterId: string, identity: Identity, limit: number = defaultReplayLimit, until?: string): Promise<Replay> {
    const after = parseStreamId(afterId);
    if (!after) throw new CommandError("INVALID_MESSAGE", `afterId "${afterId}" is not an event id; use the "id" of the last event received`);
    const from = `${after.ms}-${after.seq}`;
    const info = await this.logInfo();
    const truncated = info !== undefined && trimmedAfter(info, from);
    const events: EventFrame[] = [];
    let hasMore = false;
    let cursor = from;
    scan: for (;;) {
      const batch = await this.redis.xrange(this.streamKey, `(${cursor}`, until ?? "+", "COUNT", scanBatch);
      for (const [id, fields] of batch) {
        const entry = parseLogEntry(fields);
        if (!entry) {
          this.logger.warn({ id, streamKey: this.streamKey }, "skipping unreadable event log entry");
          continue;
        }
        if (!audienceIncludes(entry.audience, identity)) continue;
        if (events.length === limit) {
          hasMore = true;
          break scan;
        }
        events.push({ event: entry.event, data: entry.data, id } as EventFrame);
      }
      const last = batch.at(-1);
      if (!last || batch.length < scanBatch) break;
      cursor = last[0];
    }
    return { events, truncated, hasMore, nextAfterId: events.at(-1)?.id ?? from };
  }

  private async logInfo(): Promise<LogInfo | undefined> {
    let reply: unknown;
    try {
      reply = await this.redis.xinfo("STREAM", this.streamKey);
    } catch (error) {
      if (error instanceof Error && /no such key/i.test(error.message)) return undefined;
      throw error;
    }
    return toLogInfo(reply);
  }
}

interface LogInfo {
  length: number;
  entriesAdded: number;
  lastGeneratedId: string;
  firstId: string | undefined;
}

/**
 * Whether the log may have lost entries newer than `afterId` to its MAXLEN trim. Trimming removes
 * the oldest entries and leaves no record of their ids (`max-deleted-entry-id` counts XDEL only),
 * just how many entries were ever added: if some were trimmed and `afterId` is older than the
 * oldest kept entry, entries after it may be gone. The answer errs towards yes (an `afterId` that
 * was itself the newest trimmed entry lost nothing after it); a replay after an id the log still
 * holds is never truncated, so replay and trim agree on what "still in the log" means.
 */
function trimmedAfter(info: LogInfo, afterId: string): boolean {
  return info.entriesAdded > info.length && compareStreamIds(afterId, info.firstId ?? info.lastGeneratedId) < 0;
}

/** Reads XINFO STREAM's flat field/value reply (Redis ≥ 7.0 adds `entries-added`). */
function toLogInfo(reply: unknown): LogInfo {
  const fields = new Map<string, unknown>();
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), reply[i + 1]);
  const first = fields.get("first-entry");
  const length = Number(fields.get("length") ?? 0);
  return {
    length,
    entriesAdded: Number(fields.get("entries-added") ?? length),
    lastGeneratedId: String(fields.get("last-generated-id") ?? streamStart),
    firstId: Array.isArray(first) && typeof first[0] === "string" ? first[0] : undefined,
  };
}

/** One event as the log holds it; `node` is the publishing process (absent in older entries). */
export interface LogEntry {
  event: ServerEventName;
  data: unknown;
  audience: Audience;
  node: string | undefined;
}

/** Reads an event log entry's flat field/value list; undefined when a field is missing or not JSON. */
export function parseLogEntry(fields: readonly string[]): LogEntry | undefined {
  const event = logEntryField(fields, "event");
  const data = logEntryField(fields, "data");
  const audience = logEntryField(fields, "audience");
  if (event === undefined || data === undefined || audience === undefined) return undefined;
  try {
    return { event: event as ServerEventName, data: JSON.parse(data) as unknown, audience: JSON.parse(audience) as Audience, node: logEntryField(fields, "node") };
  } catch {
    return undefined;
  }
}

/** The value of field `name` in an event log entry's flat field/value list, if present. */
export function logEntryField(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
