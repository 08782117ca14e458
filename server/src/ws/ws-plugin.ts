/**
 * The screens' WebSocket endpoint, GET /ws: authenticates the token before the upgrade, then sends
 * `connected`, `system_state` and any missed events, routes commands, and checks liveness with
 * RFC 6455 ping/pong.
 *
 * Register @fastify/websocket on the root instance first; this plugin only adds the route.
 */
import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import type { EventPayloadMap } from "@acc/shared-types";
import { AuthError, secretKey, verifyToken, type Identity } from "../auth/token.js";
import type { ClientHub } from "./client-hub.js";
import { CommandError } from "./command-error.js";
import { CommandRouter, type CommandHandler } from "./command-router.js";
import type { EventPublisher } from "./event-publisher.js";
import { connectedFrame, errorFrame, eventFrame } from "./frames.js";
import { streamStart } from "./stream-id.js";
import type { RateLimit } from "./token-bucket.js";

export interface WsPluginOptions {
  /** The HS256 secret tokens are signed with (at least 32 bytes). */
  authSecret: string;
  hub: ClientHub;
  publisher: EventPublisher;
  handler: CommandHandler;
  /**
   * The `system_state` payload for a newly connected client, reduced to what it may see.
   * `lastEventId` is the newest logged event id (null for an empty log), read before this call;
   * put it in the payload's `lastEventId`, it is also the frame's id.
   */
  snapshot: (identity: Identity, lastEventId: string | null) => Promise<EventPayloadMap["system_state"]>;
  /** Called once the client has its `system_state`; errors are logged. */
  onConnect?: (identity: Identity, clientId: string) => void | Promise<void>;
  /** Called when the socket closes, whatever the reason; errors are logged. */
  onDisconnect?: (identity: Identity, clientId: string) => void | Promise<void>;
  /** Interval between RFC 6455 pings, in ms (default 30000); a client silent for a whole interval is cut off. */
  heartbeatIntervalMs?: number;
  /** Per-connection command rate limit (default 20/s, burst 40). */
  rateLimit?: RateLimit;
  /** Defaults to the fastify instance's logger. */
  logger?: FastifyBaseLogger;
}

/** Default heartbeat interval: 30 s, in ms. */
export const defaultHeartbeatIntervalMs = 30_000;

/** HTTP status for a missing or refused token at the upgrade (shared/spec/events.md). */
const unauthorized = 401;

/** Close code when the state for a new client cannot be loaded: 1011 "Internal Error" (RFC 6455 §7.4.1). */
const internalErrorCloseCode = 1011;

interface WsQuery {
  token?: string;
  lastEventId?: string;
}

/**
 * Adds GET /ws. Requires @fastify/websocket to be registered on a parent instance.
 * @throws RangeError at registration when `authSecret` is shorter than 32 bytes.
 */
export const wsPlugin: FastifyPluginAsync<WsPluginOptions> = async (fastify, options) => {
  secretKey(options.authSecret);
  const { hub, publisher } = options;
  const logger = options.logger ?? fastify.log;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
  const identities = new WeakMap<FastifyRequest, Identity>();
  const alive = new Map<WebSocket, boolean>();

  // One timer for all connections: a socket that has not answered the previous ping is gone.
  const heartbeat = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatIntervalMs);
  heartbeat.unref();
  fastify.addHook("onClose", async () => clearInterval(heartbeat));

  fastify.get<{ Querystring: WsQuery }>(
    "/ws",
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const token = request.query.token || bearerToken(request.headers.authorization);
        if (!token) {
          return reply.code(unauthorized).send({ error: "Unauthorized", message: "No token: pass ?token=<token> or an Authorization: Bearer header" });
        }
        try {
          identities.set(request, await verifyToken(options.authSecret, token));
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          return reply.code(unauthorized).send({ error: "Unauthorized", message: error.message });
        }
      },
    },
    async (socket, request) => {
      const identity = identities.get(request);
      // preValidation answered 401 to every request it did not store an identity for.
      if (!identity) {
        socket.close(internalErrorCloseCode, "not authenticated");
        return;
      }
      const clientId = randomUUID();
      const log = logger.child({ clientId, role: identity.role, agentId: identity.agentId });
      // Commands wait until the client has its state; live events wait in the hub until then too.
      socket.pause();
      hub.add({ clientId, identity, socket }, { held: true });
      let closed = false;
      socket.on("close", (code, reason) => {
        closed = true;
        alive.delete(socket);
        hub.remove(clientId);
        log.info({ code, reason: reason.toString() }, "WebSocket client disconnected");
        void settle(log, "onDisconnect", () => options.onDisconnect?.(identity, clientId));
      });
      const send = (frame: string) => void hub.sendTo(clientId, frame);
      const router = new CommandRouter({
        identity,
        send,
        handler: options.handler,
        replay: (afterId, who) => publisher.replay(afterId, who),
        logger: log,
        rateLimit: options.rateLimit,
      });
      socket.on("message", (data, isBinary) => void router.handle(data, isBinary));

      send(
        connectedFrame({
          clientId,
          role: identity.role,
          ...(identity.agentId === undefined ? {} : { agentId: identity.agentId }),
          serverTime: Date.now(),
          heartbeatInterval: heartbeatIntervalMs,
        }),
      );
      let stateId: string;
      try {
        // The id is read before the snapshot, so the snapshot reflects at least every event up to it.
        stateId = await publisher.lastId();
        const state = await options.snapshot(identity, stateId === streamStart ? null : stateId);
        publisher.publishTo(clientId, "system_state", state, stateId);
      } catch (error) {
        log.error({ err: error }, "could not build system_state for a new client");
        hub.remove(clientId);
        socket.close(internalErrorCloseCode, "could not load the current state; reconnect");
        return;
      }
      const lastEventId = request.query.lastEventId;
      if (lastEventId !== undefined) {
        // Only up to system_state's id: later events are held in the hub and follow on release.
        try {
          const { events } = await publisher.replay(lastEventId, identity, undefined, stateId);
          for (const { event, data, id } of events) send(eventFrame(event, data, id));
        } catch (error) {
          if (error instanceof CommandError) send(errorFrame(error.code, `lastEventId: ${error.message}`));
          else log.error({ err: error }, "replay on connect failed");
        }
      }
      if (closed) return;
      hub.release(clientId, stateId);
      socket.resume();
      // Heartbeat only from here: a paused socket cannot read the pongs.
      alive.set(socket, true);
      socket.on("pong", () => alive.set(socket, true));
      log.info("WebSocket client connected");
      await settle(log, "onConnect", () => options.onConnect?.(identity, clientId));
    },
  );
};

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Runs a caller's hook; a hook that throws or rejects is logged and does not affect the connection. */
async function settle(log: FastifyBaseLogger, hook: string, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log.error({ err: error }, `${hook} hook failed`);
  }
}
