/**
 * Fan-out across server processes. The process that publishes an event appends it to the event
 * log (a Redis stream) and delivers it to its own clients at once; every process also tails the
 * log (XREAD BLOCK, on a Redis connection of its own) and delivers to its clients the events the
 * other processes published. A screen may so connect to any process behind a load balancer.
 *
 * Socket.IO's Redis adapter does this job with pub/sub, which forgets what it sends while a node is
 * disconnected; the stream is already written, ordered and kept, so a process that loses Redis for
 * a while resumes after the last id it read and loses nothing the log still holds. Across
 * processes, a client gets events in the order they reach its process.
 *
 * The relay also delivers this process's own entries whose publish failed although the XADD ran
 * (its reply was lost): see `unconfirmed-appends.ts`. Such an event reaches the screens once, but
 * after events published later whose replies came back.
 */
import type { Redis } from "ioredis";
import type { FastifyBaseLogger } from "fastify";
import type { ClientHub } from "./client-hub.js";
import type { UnconfirmedAppends } from "./unconfirmed-appends.js";
import { logEntryField, parseLogEntry, type LogEntry } from "./event-publisher.js";
import { eventFrame } from "./frames.js";
import type { EventPayloadMap, ServerEventName } from "@acc/shared-types";

/** Options of {@link StreamRelay}. */
export interface StreamRelayOptions {
  /** A connection used only by the relay: XREAD BLOCK holds it. */
  redis: Redis;
  /** The event log's stream key. */
  streamKey: string;
  /** This process's id: events it published itself are skipped (it delivered them already)... */
  nodeId: string;
  /** ...unless its publisher's ledger says the publish failed (`EventPublisher.unconfirmed`). */
  unconfirmed: UnconfirmedAppends;
  hub: ClientHub;
  logger: FastifyBaseLogger;
  /** How long one XREAD waits for new events (ms); bounds how long `stop` may take. Default 2000. */
  blockMs?: number;
  /** Most events read at once. Default 500. */
  batchSize?: number;
  /** Called with each event another process published, after delivery (e.g. to update a read model). */
  onEntry?: (entry: LogEntry) => void;
}

/** Longest pause between attempts while Redis is unreachable (ms). */
const MAX_RETRY_DELAY_MS = 5000;

/** Tails the event log and delivers the other processes' events to this process's clients. */
export class StreamRelay {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastId = "$";

  /**
   * Listens for the connection's `error` events: ioredis reports each failed reconnect there, and
   * with no listener prints `[ioredis] Unhandled error event` to stderr, outside the JSON log. The
   * loop below logs the outage once per failed read, so these are logged at debug only.
   */
  constructor(private readonly options: StreamRelayOptions) {
    options.redis.on("error", (error) => options.logger.debug({ err: error }, "event relay Redis connection error"));
  }

  /**
   * Starts tailing after `afterId` (an event id; the newest logged event when the relay starts, so
   * nothing published since is missed). Calling it twice does nothing.
   */
  start(afterId: string): void {
    if (this.loop) return;
    this.lastId = afterId;
    this.loop = this.run();
  }

  /** Stops tailing and closes the relay's connection; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { redis, streamKey, logger } = this.options;
    let retryDelay = 100;
    while (!this.stopped) {
      try {
        const reply = (await redis.xread("COUNT", this.options.batchSize ?? 500, "BLOCK", this.options.blockMs ?? 2000, "STREAMS", streamKey, this.lastId)) as
          | [string, [string, string[]][]][]
          | null;
        retryDelay = 100;
        for (const [, entries] of reply ?? []) for (const [id, fields] of entries) this.relay(id, fields);
      } catch (error) {
        if (this.stopped) break;
        logger.warn({ err: error, retryInMs: retryDelay }, "event relay cannot read the event log; retrying");
        await new Promise((resolve) => setTimeout(resolve, retryDelay));
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  private relay(id: string, fields: string[]): void {
    this.lastId = id;
    // This process's own events (most of what it reads) are skipped before any JSON is parsed.
    const own = logEntryField(fields, "node") === this.options.nodeId;
    if (own && this.options.unconfirmed.readOwn(ownSeq(fields), [id, fields]) === "skip") return;
    const entry = parseLogEntry(fields);
    if (!entry) {
      this.options.logger.warn({ id }, "event relay skipping an unreadable event log entry");
      return;
    }
    const frame = eventFrame(entry.event as ServerEventName, entry.data as EventPayloadMap[ServerEventName], id);
    this.options.hub.deliver(frame, entry.audience, id);
    if (own) this.options.logger.info({ id, event: entry.event }, "event relay delivered an event whose publish lost its Redis reply");
    else this.options.onEntry?.(entry);
  }
}

/** An own entry's publish sequence number (field `seq`), if it has a valid one. */
function ownSeq(fields: readonly string[]): number | undefined {
  const seq = Number(logEntryField(fields, "seq"));
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}
