/**
 * The screens' WebSocket endpoint, GET /ws: authenticates the token before the upgrade, then sends
 * `connected`, `system_state` and any missed events, routes commands, and checks liveness with
 * RFC 6455 ping/pong.
 *
 * An idle screen should cost little memory: once upgraded, a connection keeps no HTTP request or
 * reply, no closure or listener for its connection caps, and shares its identity object with the
 * identity's other screens; its command router (with its rate limiter and logger) is built on its
 * first command.
 *
 * Register @fastify/websocket on the root instance first; this plugin only adds the route.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { MAX_CLIENT_FRAME_BYTES, type EventPayloadMap } from "@acc/shared-types";
import { AuthError, secretKey, verifyToken, type Identity } from "../auth/token.js";
import type { ClientHub } from "./client-hub.js";
import { CommandError } from "../calls/command-error.js";
import { CommandRouter, type Availability, type CommandHandler } from "./command-router.js";
import { ConnectionLimits, identityKey, type Admitted, type ConnectionCaps } from "./connection-limits.js";
import type { EventPublisher } from "./event-publisher.js";
import { connectedFrame, errorFrame, eventFrame, replayTruncatedFrame } from "./frames.js";
import { originAllowed } from "./origin-check.js";
import { streamStart } from "./stream-id.js";
import type { RateLimit } from "./token-bucket.js";

export interface WsPluginOptions {
  /** The HS256 secret tokens are signed with (at least 32 bytes). */
  authSecret: string;
  /**
   * Verifies a token at the upgrade (default: signature, issuer and expiry with `authSecret`);
   * the server's also refuses revoked tokens. Rejects with AuthError to answer 401.
   */
  authenticate?: (token: string) => Promise<Identity>;
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
  /** Command rate limit shared by every connection of one identity (default 40/s, burst 80). */
  identityRateLimit?: RateLimit;
  /** Refused frames a connection may send before it is closed with 1008 (default 10/s, burst 100). */
  abuseLimit?: RateLimit;
  /** Connections per remote address and per identity (default 1000 and 10; 0 = no cap). */
  connectionCaps?: ConnectionCaps;
  /**
   * Origins allowed besides the server's own and clients that send none (see `origin-check.ts`):
   * exact `scheme://host[:port]` strings, or `*` for any. Default none.
   */
  allowedOrigins?: readonly string[];
  /** Whether the state store can serve commands; without it every command is attempted. */
  availability?: Availability;
  /** Defaults to the fastify instance's logger. */
  logger?: FastifyBaseLogger;
}

/**
 * The options to register @fastify/websocket with:
 * - ws refuses a message over 64 KiB (`MAX_CLIENT_FRAME_BYTES`) while receiving it, before
 *   buffering more, and closes the connection with 1009 "Message Too Big" (RFC 6455 §7.4.1);
 * - on shutdown every screen is closed with 1001 "Going Away" (RFC 6455 §7.4.1), where
 *   @fastify/websocket's default `preClose` closes with no code (the client sees 1005). ws's
 *   server, once closed, answers further upgrades with 503.
 */
export const websocketPluginOptions = {
  options: { maxPayload: MAX_CLIENT_FRAME_BYTES },
  preClose(this: FastifyInstance, done: () => void): void {
    for (const client of this.websocketServer.clients) client.close(goingAwayCloseCode, "server shutting down; reconnect");
    this.websocketServer.close();
    done();
  },
};

/** Default heartbeat interval: 30 s, in ms. */
export const defaultHeartbeatIntervalMs = 30_000;

/** HTTP status for a missing or refused token at the upgrade (docs/events.md, "Connecting"). */
const unauthorized = 401;

/** HTTP status for an upgrade from an origin that is not allowed (RFC 9110 §15.5.4). */
const forbidden = 403;

/** HTTP status for an upgrade over a connection cap (RFC 6585 §4). */
const tooManyRequests = 429;

/** Close code for every screen when the server shuts down: 1001 "Going Away" (RFC 6455 §7.4.1). */
export const goingAwayCloseCode = 1001;

/** Close code when the state for a new client cannot be loaded: 1011 "Internal Error" (RFC 6455 §7.4.1). */
const internalErrorCloseCode = 1011;

interface WsQuery {
  token?: string;
  lastEventId?: string;
}

/** What the checks before the upgrade hand to the connection: its counted place (with who it is), and the upgrade's raw response. */
interface Admission {
  admitted: Admitted;
  response: ServerResponse;
}

/**
 * Adds GET /ws. Requires @fastify/websocket to be registered on a parent instance.
 * @throws RangeError at registration when `authSecret` is shorter than 32 bytes.
 */
export const wsPlugin: FastifyPluginAsync<WsPluginOptions> = async (fastify, options) => {
  secretKey(options.authSecret);
  const { hub, publisher } = options;
  const authenticate = options.authenticate ?? ((token: string) => verifyToken(options.authSecret, token));
  const logger = options.logger ?? fastify.log;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
  const admissions = new WeakMap<FastifyRequest, Admission>();
  const limits = new ConnectionLimits(options.connectionCaps, options.identityRateLimit);
  const allowedOrigins = options.allowedOrigins ?? [];
  // Until its WebSocket exists, an admission is released by its TCP socket's close: one listener
  // shared by every socket (`this` is the socket that closed), not a closure each.
  const heldBy = new WeakMap<Socket, Admitted>();
  const releaseOnClose = function (this: Socket) {
    const admitted = heldBy.get(this);
    if (admitted) limits.release(admitted);
  };
  const alive = new Map<WebSocket, boolean>();
  // One pong listener for every socket (`this` is the socket that answered), not a closure each.
  const onPong = function (this: WebSocket) {
    alive.set(this, true);
  };

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
        const { origin } = request.headers;
        if (!originAllowed(origin, request.headers.host, allowedOrigins)) {
          return reply.code(forbidden).send({ error: "Forbidden", message: `Origin ${origin} may not open this WebSocket; add it to ALLOWED_ORIGINS` });
        }
        if (limits.addressFull(request.ip)) {
          return reply.code(tooManyRequests).send({ error: "Too Many Requests", message: limits.addressRefusal(request.ip) });
        }
        const token = request.query.token || bearerToken(request.headers.authorization);
        if (!token) {
          return reply.code(unauthorized).send({ error: "Unauthorized", message: "No token: pass ?token=<token> or an Authorization: Bearer header" });
        }
        let identity: Identity;
        try {
          identity = await authenticate(token);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          return reply.code(unauthorized).send({ error: "Unauthorized", message: error.message });
        }
        const admitted = limits.admit(identityKey(identity, token), identity, request.ip);
        if (typeof admitted === "string") {
          logger.warn({ address: request.ip, role: identity.role, agentId: identity.agentId }, "refused a WebSocket upgrade over a connection cap");
          return reply.code(tooManyRequests).send({ error: "Too Many Requests", message: admitted });
        }
        // Counted until the TCP socket closes if the upgrade does not complete (see the handler otherwise).
        heldBy.set(request.raw.socket, admitted);
        request.raw.socket.on("close", releaseOnClose);
        admissions.set(request, { admitted, response: reply.raw });
      },
    },
    async (socket, request) => {
      const admission = admissions.get(request);
      // preValidation answered 401 to every request it did not admit.
      if (!admission) {
        socket.close(internalErrorCloseCode, "not authenticated");
        return;
      }
      const { admitted } = admission;
      // From here the WebSocket's close, which follows its TCP socket's, releases the admission, and
      // the TCP socket keeps no listener of this plugin (nor the listener array a second one needs).
      const tcp = request.raw.socket;
      tcp.removeListener("close", releaseOnClose);
      heldBy.delete(tcp);
      const { identity } = admitted.shared;
      const lastEventId = request.query.lastEventId;
      const clientId = randomUUID();
      // For the handshake's log lines; the listeners build their own, so the connection keeps none.
      const bindings = logBindings(clientId, identity);
      releaseUpgrade(socket, admission.response, (error) => {
        logger.warn({ ...logBindings(clientId, identity), err: error }, "WebSocket client socket error");
        socket.terminate();
      });
      // Commands wait until the client has its state; live events wait in the hub until then too.
      socket.pause();
      hub.add({ clientId, identity, socket }, { held: true });
      let closed = false;
      socket.on("close", (code, reason) => {
        limits.release(admitted);
        closed = true;
        alive.delete(socket);
        hub.remove(clientId);
        const bindings = logBindings(clientId, identity);
        logger.info({ ...bindings, code, reason: reason.toString() }, "WebSocket client disconnected");
        void settle(logger, bindings, "onDisconnect", () => options.onDisconnect?.(identity, clientId));
      });
      const send = (frame: string) => void hub.sendTo(clientId, frame);
      // Built on the first command: most screens send few, and an idle one needs none of it.
      let router: CommandRouter | undefined;
      socket.on("message", (data, isBinary) => {
        router ??= new CommandRouter({
          identity,
          send,
          handler: options.handler,
          replay: (afterId, who) => publisher.replay(afterId, who),
          logger: logger.child(logBindings(clientId, identity)),
          rateLimit: options.rateLimit,
          sharedBucket: admitted.shared.bucket,
          abuseLimit: options.abuseLimit,
          availability: options.availability,
          close: (code, reason) => {
            hub.remove(clientId);
            socket.close(code, reason);
          },
        });
        void router.handle(data, isBinary);
      });

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
        logger.error({ ...bindings, err: error }, "could not build system_state for a new client");
        hub.remove(clientId);
        socket.close(internalErrorCloseCode, "could not load the current state; reconnect");
        return;
      }
      if (lastEventId !== undefined) {
        // Only up to system_state's id: later events are held in the hub and follow on release.
        try {
          const { events, hasMore, truncated, nextAfterId } = await publisher.replay(lastEventId, identity, undefined, stateId);
          for (const { event, data, id } of events) send(eventFrame(event, data, id));
          if (hasMore || truncated) send(replayTruncatedFrame({ afterId: lastEventId, nextAfterId, hasMore, truncated }));
        } catch (error) {
          if (error instanceof CommandError) send(errorFrame(error.code, `lastEventId: ${error.message}`));
          else logger.error({ ...bindings, err: error }, "replay on connect failed");
        }
      }
      if (closed) return;
      hub.release(clientId, stateId);
      socket.resume();
      // Heartbeat only from here: a paused socket cannot read the pongs.
      alive.set(socket, true);
      socket.on("pong", onPong);
      logger.info(bindings, "WebSocket client connected");
      await settle(logger, bindings, "onConnect", () => options.onConnect?.(identity, clientId));
    },
  );
};

/** The fields every log line about one connection carries. */
function logBindings(clientId: string, identity: Identity): { clientId: string; role: Identity["role"]; agentId: string | undefined } {
  return { clientId, role: identity.role, agentId: identity.agentId };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Lets the upgrade's HTTP request and reply be collected while the WebSocket lives on.
 * @fastify/websocket routes the upgrade through fastify with a ServerResponse assigned to the TCP
 * socket, and adds an `error` listener to the WebSocket that closes over the request and reply: an
 * idle connection would keep both, with the request's headers and URL (a few KB). The response is
 * detached from the socket (it is never written: the route is hijacked) and the listener is
 * replaced by `onError`, which logs and terminates as @fastify/websocket's default does. So its
 * `errorHandler` option does not apply to this route, and fastify's onResponse hooks do not run
 * for upgraded requests.
 */
function releaseUpgrade(socket: WebSocket, response: ServerResponse, onError: (error: Error) => void): void {
  if (response.socket) response.detachSocket(response.socket);
  socket.removeAllListeners("error");
  socket.on("error", onError);
}

/** Runs a caller's hook; a hook that throws or rejects is logged and does not affect the connection. */
async function settle(log: FastifyBaseLogger, bindings: object, hook: string, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log.error({ ...bindings, err: error }, `${hook} hook failed`);
  }
}
