/**
 * The connected screens of this server process, indexed by agent id and role, and the one place
 * that writes frames to their sockets.
 *
 * Two things keep the cost of a frame per recipient low:
 * - a frame is serialised once by the caller and framed once here (RFC 6455 header and UTF-8
 *   payload in one Buffer), and that same Buffer is written to every recipient's socket;
 * - writes are coalesced per event-loop turn: the first frame a socket gets in a turn corks it, and
 *   one `process.nextTick` uncorks every corked socket, so all the frames a client gets in a turn
 *   leave in one writev system call. Each frame is still one WebSocket message.
 */
import { Buffer } from "node:buffer";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import { WebSocket } from "ws";
import type { ClientRole } from "@acc/shared-types";
import type { Identity } from "../auth/token.js";
import type { Audience } from "../calls/audience.js";
import { compareStreamIds } from "./stream-id.js";

/** One connected screen. */
export interface HubClient {
  clientId: string;
  identity: Identity;
  socket: WebSocket;
}

export interface ClientHubOptions {
  /**
   * A client whose socket already holds more than this many unsent bytes is dropped instead of
   * being sent more (default 1 MiB).
   */
  maxBufferedBytes?: number;
  logger: FastifyBaseLogger;
}

/** Default send-buffer bound per client: 1 MiB. */
export const defaultMaxBufferedBytes = 1024 * 1024;

/** Close code for a dropped slow consumer: 1013 "Try Again Later" (RFC 6455 §7.4.2, IANA registry). */
export const slowConsumerCloseCode = 1013;

/**
 * A text frame ready for the wire: `wire` is the whole unmasked RFC 6455 frame (FIN, opcode 1,
 * payload length, UTF-8 payload), `text` the payload alone (a view into `wire`).
 */
export interface PreparedFrame {
  wire: Buffer;
  text: Buffer;
}

/**
 * Frames a serialised message once for every recipient: an unmasked, unfragmented text frame
 * (RFC 6455 §5.2; servers never mask). Built here because ws frames per `send` call.
 */
export function prepareFrame(serialisedFrame: string): PreparedFrame {
  const length = Buffer.byteLength(serialisedFrame);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(header + length);
  wire[0] = 0x81;
  if (header === 2) {
    wire[1] = length;
  } else if (header === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
  wire.write(serialisedFrame, header, "utf8");
  return { wire, text: wire.subarray(header) };
}

interface Entry extends HubClient {
  /**
   * The TCP socket under `socket` when prepared frames may be written to it directly (see
   * {@link rawSocketOf}); undefined when frames must go through `socket.send`.
   */
  raw: Duplex | undefined;
  /** True while `raw` is corked for the current turn. */
  corked: boolean;
  /** Bytes written to `raw` while corked in this turn, not yet offered to the kernel. */
  corkedBytes: number;
  /** Frames delivered while the client's handshake is still running; undefined once released. */
  held: Array<{ frame: PreparedFrame; eventId: string | undefined }> | undefined;
  heldBytes: number;
}

/**
 * The stream a ws WebSocket writes its frames to, when writing a prepared frame there is exactly
 * what `socket.send` would write and in the same order:
 * - no extension was negotiated (`extensions === ""`): with permessage-deflate ws compresses
 *   asynchronously and queues later frames behind it, and frames would need the RSV1 bit. ws's
 *   server and @fastify/websocket leave permessage-deflate off unless configured;
 * - without an extension ws's Sender writes every frame, ping and close to this stream at once and
 *   in call order (it queues only for compression or Blob data, which the hub never sends), so a
 *   frame written here keeps its place among them, and `bufferedAmount` (the stream's
 *   `writableLength` plus the Sender's empty queue) still counts it.
 * `_socket` is ws's field for that stream (ws 8; Socket.IO's Engine.IO writes pre-framed packets
 * through ws's internals the same way).
 */
function rawSocketOf(socket: WebSocket): Duplex | undefined {
  if (socket.extensions !== "") return undefined;
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  return raw && typeof raw.cork === "function" ? raw : undefined;
}

export class ClientHub {
  private readonly clients = new Map<string, Entry>();
  private readonly agents = new Map<string, Set<Entry>>();
  private readonly supervisors = new Set<Entry>();
  private readonly ops = new Set<Entry>();
  private readonly maxBufferedBytes: number;
  private readonly logger: FastifyBaseLogger;
  /** Entries corked in this turn; {@link flush} uncorks them. */
  private corked: Entry[] = [];
  private readonly flush = (): void => {
    const corked = this.corked;
    this.corked = [];
    for (const entry of corked) {
      entry.corked = false;
      entry.corkedBytes = 0;
      entry.raw!.uncork();
    }
  };

  constructor(options: ClientHubOptions) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? defaultMaxBufferedBytes;
    this.logger = options.logger;
  }

  /** Number of connected clients. */
  get size(): number {
    return this.clients.size;
  }

  /** Connected clients per role (for system_stats' activeConnections). */
  countsByRole(): Record<ClientRole, number> {
    let agents = 0;
    for (const screens of this.agents.values()) agents += screens.size;
    return { agent: agents, supervisor: this.supervisors.size, ops: this.ops.size };
  }

  /**
   * Registers a client. With `held: true`, frames from {@link deliver} are queued until
   * {@link release}, so the client first gets what its handshake sends directly.
   * @throws Error when the client id is already registered.
   */
  add(client: HubClient, options: { held?: boolean } = {}): void {
    if (this.clients.has(client.clientId)) throw new Error(`client ${client.clientId} is already connected`);
    const entry: Entry = { ...client, raw: rawSocketOf(client.socket), corked: false, corkedBytes: 0, held: options.held ? [] : undefined, heldBytes: 0 };
    this.clients.set(client.clientId, entry);
    const { role, agentId } = entry.identity;
    if (role === "agent" && agentId !== undefined) {
      const screens = this.agents.get(agentId) ?? new Set<Entry>();
      this.agents.set(agentId, screens.add(entry));
    } else if (role === "supervisor") {
      this.supervisors.add(entry);
    } else if (role === "ops") {
      this.ops.add(entry);
    }
  }

  /**
   * Sends the frames held for a client since {@link add}, skipping events with an id at or before
   * `seenUpTo` (the client already has them), and from then on sends directly.
   */
  release(clientId: string, seenUpTo?: string): void {
    const entry = this.clients.get(clientId);
    if (!entry?.held) return;
    const held = entry.held;
    entry.held = undefined;
    entry.heldBytes = 0;
    for (const { frame, eventId } of held) {
      if (seenUpTo !== undefined && eventId !== undefined && compareStreamIds(eventId, seenUpTo) <= 0) continue;
      if (!this.write(entry, frame)) return;
    }
  }

  /**
   * Closes every connection authenticated by a token of `role` and `subject` (the token's `sub`:
   * the agent id of agent tokens, the role of supervisor and ops tokens), e.g. when its tokens are
   * revoked. `code` and `reason` go in the close frame (RFC 6455 §5.5.1).
   * @returns the number of connections closed.
   */
  closeSubject(role: ClientRole, subject: string, code: number, reason: string): number {
    let closed = 0;
    for (const entry of this.clients.values()) {
      if (entry.identity.role !== role || entry.identity.subject !== subject) continue;
      entry.socket.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  /** Forgets a client (its socket closed). Unknown ids are ignored. */
  remove(clientId: string): void {
    const entry = this.clients.get(clientId);
    if (!entry) return;
    this.clients.delete(clientId);
    this.supervisors.delete(entry);
    this.ops.delete(entry);
    const { agentId } = entry.identity;
    if (agentId !== undefined) {
      const screens = this.agents.get(agentId);
      if (screens?.delete(entry) && screens.size === 0) this.agents.delete(agentId);
    }
  }

  /**
   * Sends one serialised frame to every client in `audience`; each client gets it once, however
   * many ways the audience names it. The frame is encoded and framed once for all of them.
   * `eventId` (the frame's event id) lets {@link release} skip frames a held client already
   * received.
   * @returns the number of clients the frame was sent or queued to.
   */
  deliver(serialisedFrame: string, audience: Audience, eventId?: string): number {
    const recipients = this.recipientsOf(audience);
    if (recipients.size === 0) return 0;
    const frame = prepareFrame(serialisedFrame);
    let sent = 0;
    for (const entry of recipients) {
      if (entry.held) {
        entry.held.push({ frame, eventId });
        entry.heldBytes += frame.text.length;
        if (entry.heldBytes > this.maxBufferedBytes) this.drop(entry, entry.heldBytes);
        else sent += 1;
      } else if (this.write(entry, frame)) {
        sent += 1;
      }
    }
    return sent;
  }

  /**
   * The clients in `audience`, each once. An audience of one role is that role's set itself, not a
   * copy: the common fan-out (every supervisor) then costs no set of thousands of entries per event.
   * Iterating it while {@link drop} removes the current entry is safe.
   */
  private recipientsOf(audience: Audience): ReadonlySet<Entry> {
    const agentIds = audience.agentIds ?? [];
    if (agentIds.length === 0 && !(audience.supervisors && audience.ops)) {
      if (audience.supervisors) return this.supervisors;
      if (audience.ops) return this.ops;
    }
    const recipients = new Set<Entry>();
    for (const agentId of agentIds) {
      for (const entry of this.agents.get(agentId) ?? []) recipients.add(entry);
    }
    if (audience.supervisors) for (const entry of this.supervisors) recipients.add(entry);
    if (audience.ops) for (const entry of this.ops) recipients.add(entry);
    return recipients;
  }

  /**
   * Sends a frame to one client now, whether or not it is held (handshake frames, acks, replays).
   * @returns false when the client is gone or was dropped as a slow consumer.
   */
  sendTo(clientId: string, serialisedFrame: string): boolean {
    const entry = this.clients.get(clientId);
    return entry !== undefined && this.write(entry, prepareFrame(serialisedFrame));
  }

  /**
   * Writes one frame to a client's socket, corking it for the rest of the turn on its first frame.
   * The slow-consumer bound looks at what the socket could not send in earlier turns: the bytes
   * corked in this turn have not been offered to the kernel yet, and counting them would drop a
   * client that reads well but gets a large burst (a big system_state and its replay) in one turn.
   * A client is so dropped at most one turn's frames past the bound.
   */
  private write(entry: Entry, frame: PreparedFrame): boolean {
    const { socket, raw } = entry;
    if (socket.readyState !== WebSocket.OPEN) return false;
    const unsent = socket.bufferedAmount - entry.corkedBytes;
    if (unsent > this.maxBufferedBytes) {
      this.drop(entry, unsent);
      return false;
    }
    if (!raw) {
      socket.send(frame.text, { binary: false });
      return true;
    }
    if (!entry.corked) {
      entry.corked = true;
      raw.cork();
      if (this.corked.push(entry) === 1) process.nextTick(this.flush);
    }
    entry.corkedBytes += frame.wire.length;
    raw.write(frame.wire);
    return true;
  }

  /**
   * Drops a client that does not read fast enough: buffering for it would grow without bound. It
   * reconnects with `lastEventId` and replays what it missed.
   */
  private drop(entry: Entry, bufferedBytes: number): void {
    const { clientId, identity } = entry;
    this.logger.warn(
      { clientId, role: identity.role, agentId: identity.agentId, bufferedBytes, maxBufferedBytes: this.maxBufferedBytes },
      "dropping slow WebSocket client",
    );
    this.remove(clientId);
    entry.socket.close(slowConsumerCloseCode, `slow consumer: over ${this.maxBufferedBytes} bytes unsent; reconnect`);
  }
}
