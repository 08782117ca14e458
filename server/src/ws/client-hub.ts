/**
 * The connected screens of this server process, indexed by agent id and role, and the one place
 * that writes frames to their sockets. Every frame is serialised once by the caller and the same
 * string goes to every recipient.
 */
import { Buffer } from "node:buffer";
import type { FastifyBaseLogger } from "fastify";
import { WebSocket } from "ws";
import type { ClientRole } from "@acc/shared-types";
import type { Identity } from "../auth/token.js";
import type { Audience } from "./audience.js";
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

interface Entry extends HubClient {
  /** Frames delivered while the client's handshake is still running; undefined once released. */
  held: Array<{ frame: string; eventId: string | undefined }> | undefined;
  heldBytes: number;
}

export class ClientHub {
  private readonly clients = new Map<string, Entry>();
  private readonly agents = new Map<string, Set<Entry>>();
  private readonly supervisors = new Set<Entry>();
  private readonly ops = new Set<Entry>();
  private readonly maxBufferedBytes: number;
  private readonly logger: FastifyBaseLogger;

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
    const entry: Entry = { ...client, held: options.held ? [] : undefined, heldBytes: 0 };
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
   * many ways the audience names it. `eventId` (the frame's event id) lets {@link release} skip
   * frames a held client already received.
   * @returns the number of clients the frame was sent or queued to.
   */
  deliver(serialisedFrame: string, audience: Audience, eventId?: string): number {
    const recipients = new Set<Entry>();
    for (const agentId of audience.agentIds ?? []) {
      for (const entry of this.agents.get(agentId) ?? []) recipients.add(entry);
    }
    if (audience.supervisors) for (const entry of this.supervisors) recipients.add(entry);
    if (audience.ops) for (const entry of this.ops) recipients.add(entry);
    let sent = 0;
    for (const entry of recipients) {
      if (entry.held) {
        entry.held.push({ frame: serialisedFrame, eventId });
        entry.heldBytes += Buffer.byteLength(serialisedFrame);
        if (entry.heldBytes > this.maxBufferedBytes) this.drop(entry, entry.heldBytes);
        else sent += 1;
      } else if (this.write(entry, serialisedFrame)) {
        sent += 1;
      }
    }
    return sent;
  }

  /**
   * Sends a frame to one client now, whether or not it is held (handshake frames, acks, replays).
   * @returns false when the client is gone or was dropped as a slow consumer.
   */
  sendTo(clientId: string, serialisedFrame: string): boolean {
    const entry = this.clients.get(clientId);
    return entry !== undefined && this.write(entry, serialisedFrame);
  }

  private write(entry: Entry, frame: string): boolean {
    const { socket } = entry;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      this.drop(entry, socket.bufferedAmount);
      return false;
    }
    socket.send(frame);
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
