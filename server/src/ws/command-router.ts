/**
 * Turns one connection's incoming frames into answers: rate limit (checked before the frame is
 * parsed), parse, role check, availability of the state store, then `ping` and `replay_events`
 * here and every other command through the {@link CommandHandler}. Every command gets exactly one
 * ack or error frame; only a connection that keeps sending past its rate limit is closed.
 */
import type { FastifyBaseLogger } from "fastify";
import type { RawData } from "ws";
import { commandRoles, parseClientFrame, type ClientCommand } from "@acc/shared-types";
import type { Identity } from "../auth/token.js";
import { CommandError } from "../calls/command-error.js";
import type { Replay } from "./event-publisher.js";
import { ackFrame, errorFrame, eventFrame, pongFrame } from "./frames.js";
import { TokenBucket, defaultRateLimit, type RateLimit } from "./token-bucket.js";

/**
 * Whether the state store (Redis) can serve commands now. `reason()` is a sentence when it cannot
 * (commands are then refused with UNAVAILABLE at once instead of waiting); `isOutage(error)` tells
 * a command that failed because the store went away from one that failed for its own reasons.
 */
export interface Availability {
  reason(): string | undefined;
  isOutage(error: unknown): boolean;
}

/**
 * How many refused frames a connection may send before it is closed: 10/s on average, bursts of
 * 100. A screen that hits the command limit by accident stays well below it.
 */
export const defaultAbuseLimit: RateLimit = { ratePerSecond: 10, burst: 100 };

/** Close code for a connection that keeps sending past its rate limit: 1008 "Policy Violation" (RFC 6455 §7.4.1). */
export const policyViolationCloseCode = 1008;

/** How much of a refused frame is read for its command id: the id comes first in every frame a screen sends. */
const idProbeBytes = 256;

/**
 * Runs a command for an authenticated client (everything but `ping` and `replay_events`).
 * Resolves to the ack's `result` (or nothing); rejects with {@link CommandError} to refuse it.
 * Any other rejection is reported to the client as INTERNAL_ERROR and logged.
 */
export type CommandHandler = (command: ClientCommand, identity: Identity) => Promise<Record<string, unknown> | void>;

export interface CommandRouterOptions {
  identity: Identity;
  /** Writes one serialised frame to this connection. */
  send: (frame: string) => void;
  handler: CommandHandler;
  /** Replays the logged events after `afterId` that `identity` may see (EventPublisher.replay). */
  replay: (afterId: string, identity: Identity) => Promise<Replay>;
  logger: FastifyBaseLogger;
  /** Per-connection command rate limit (default 20/s, burst 40). */
  rateLimit?: RateLimit;
  /** A budget shared with the identity's other connections, taken after the connection's own. */
  sharedBucket?: TokenBucket;
  /** Refused frames allowed before {@link CommandRouterOptions.close} (default {@link defaultAbuseLimit}). */
  abuseLimit?: RateLimit;
  /** Closes this connection (code, reason); called once, when it keeps abusing the rate limit. */
  close: (code: number, reason: string) => void;
  availability?: Availability;
}

export class CommandRouter {
  private readonly bucket: TokenBucket;
  private readonly abuse: TokenBucket;
  private closed = false;

  constructor(private readonly options: CommandRouterOptions) {
    this.bucket = new TokenBucket(options.rateLimit ?? defaultRateLimit);
    this.abuse = new TokenBucket(options.abuseLimit ?? defaultAbuseLimit);
  }

  /**
   * Handles one WebSocket message. Never rejects: every failure becomes an error frame.
   * The budget is checked before the frame is parsed, so a flood costs no JSON parsing; a refused
   * frame's id is read from its first bytes only. A connection that keeps sending past the budget
   * is closed with 1008.
   * @param isBinary binary frames are refused with INVALID_MESSAGE; commands are JSON text.
   */
  async handle(data: RawData, isBinary: boolean): Promise<void> {
    const { send } = this.options;
    if (this.closed) return;
    // The connection's own budget first: a socket over its own limit takes nothing from its siblings.
    if (!this.bucket.take() || !(this.options.sharedBucket?.take() ?? true)) {
      if (!this.abuse.take()) {
        this.closed = true;
        this.options.logger.warn("closing a WebSocket client that keeps sending past its rate limit");
        this.options.close(policyViolationCloseCode, "rate limit exceeded again and again; reconnect later and send fewer commands");
        return;
      }
      send(errorFrame("RATE_LIMITED", "Too many commands; slow down and retry in a second", isBinary ? undefined : probeId(data)));
      return;
    }
    if (isBinary) {
      send(errorFrame("INVALID_MESSAGE", "Binary frames are not accepted; send each command as a JSON text frame"));
      return;
    }
    const parsed = parseClientFrame(rawText(data));
    if (!parsed.ok) {
      send(errorFrame(parsed.error.code, parsed.error.message, parsed.error.id));
      return;
    }
    const command = parsed.value;
    const { identity } = this.options;
    if (!(commandRoles[command.type] as readonly string[]).includes(identity.role)) {
      send(errorFrame("FORBIDDEN", `Command "${command.type}" is not allowed for role ${identity.role}`, command.id));
      return;
    }
    const { availability } = this.options;
    const down = command.type === "ping" ? undefined : availability?.reason();
    if (down !== undefined) {
      send(errorFrame("UNAVAILABLE", `${down}; the command was not run, retry in a few seconds`, command.id));
      return;
    }
    try {
      await this.run(command);
    } catch (error) {
      if (error instanceof CommandError) {
        send(errorFrame(error.code, error.message, command.id));
        return;
      }
      if (availability?.isOutage(error)) {
        this.options.logger.warn({ err: error, command: command.type, commandId: command.id }, "command failed: the state store is unreachable");
        send(errorFrame("UNAVAILABLE", `Command "${command.type}" could not finish: the server lost its state store; check the call's state and retry in a few seconds`, command.id));
        return;
      }
      this.options.logger.error({ err: error, command: command.type, commandId: command.id, clientRole: identity.role }, "command failed");
      send(errorFrame("INTERNAL_ERROR", `Command "${command.type}" failed on the server; try again or ask an administrator to check the server log`, command.id));
    }
  }

  private async run(command: ClientCommand): Promise<void> {
    const { send, identity } = this.options;
    if (command.type === "ping") {
      send(pongFrame());
      return;
    }
    if (command.type === "replay_events") {
      const { events, truncated, hasMore, nextAfterId } = await this.options.replay(command.afterId, identity);
      for (const { event, data, id } of events) send(eventFrame(event, data, id));
      send(ackFrame(command.id, { replayed: events.length, truncated, hasMore, nextAfterId }));
      return;
    }
    const result = await this.options.handler(command, identity);
    send(ackFrame(command.id, result ?? undefined));
  }
}

/**
 * The command id of a refused frame, when its first {@link idProbeBytes} bytes show one
 * (`"id":"..."`, 1 to 100 characters as `commandId` allows); undefined otherwise.
 */
function probeId(data: RawData): string | undefined {
  const head = Array.isArray(data) ? data[0] : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  const match = /"id"\s*:\s*"([^"\\]{1,100})"/.exec((head ?? Buffer.alloc(0)).subarray(0, idProbeBytes).toString("utf8"));
  return match?.[1];
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
