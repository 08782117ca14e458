/**
 * Turns one connection's incoming frames into answers: rate limit, parse, role check, then `ping`
 * and `replay_events` here and every other command through the {@link CommandHandler}. Every
 * command gets exactly one ack or error frame, and no error closes the connection.
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
  rateLimit?: RateLimit;
}

export class CommandRouter {
  private readonly bucket: TokenBucket;

  constructor(private readonly options: CommandRouterOptions) {
    this.bucket = new TokenBucket(options.rateLimit ?? defaultRateLimit);
  }

  /**
   * Handles one WebSocket message. Never rejects: every failure becomes an error frame.
   * @param isBinary binary frames are refused with INVALID_MESSAGE; commands are JSON text.
   */
  async handle(data: RawData, isBinary: boolean): Promise<void> {
    const { send } = this.options;
    const allowed = this.bucket.take();
    if (isBinary) {
      send(errorFrame("INVALID_MESSAGE", "Binary frames are not accepted; send each command as a JSON text frame"));
      return;
    }
    const parsed = parseClientFrame(rawText(data));
    if (!allowed) {
      const id = parsed.ok ? parsed.value.id : parsed.error.id;
      send(errorFrame("RATE_LIMITED", "Too many commands; slow down and retry in a second", id));
      return;
    }
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
    try {
      await this.run(command);
    } catch (error) {
      if (error instanceof CommandError) {
        send(errorFrame(error.code, error.message, command.id));
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
      const { events, truncated, hasMore } = await this.options.replay(command.afterId, identity);
      for (const { event, data, id } of events) send(eventFrame(event, data, id));
      send(ackFrame(command.id, { replayed: events.length, truncated, hasMore }));
      return;
    }
    const result = await this.options.handler(command, identity);
    send(ackFrame(command.id, result ?? undefined));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
