/**
 * `buildApp`: wires the server together — Redis state, the ARI connection and call flow, the
 * WebSocket transport, HTTP routes and statistics — into one fastify instance that does not listen
 * yet. ARI is connected, ring timeouts are watched and statistics are pushed from `ready()` on, and
 * everything is stopped by `close()`.
 */
import websocket from "@fastify/websocket";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import type { EventPayloadMap } from "@acc/shared-types";
import type { Logger } from "pino";
import { AriConnection } from "./ari/index.js";
import { routeAriEvent } from "./calls/ari-event-router.js";
import { handleCommand } from "./calls/command-handler.js";
import type { CallContext } from "./calls/context.js";
import { ringTimeoutFor } from "./calls/deadlines.js";
import { KeyedSerializer } from "./calls/keyed-serializer.js";
import { startRingTimeouts } from "./calls/ring-timeouts.js";
import { publishStatusChange } from "./calls/status-events.js";
import { createAuthenticator } from "./auth/authenticator.js";
import { announceRevocation, listenForRevocations } from "./auth/revocation-channel.js";
import { TokenGenerations, type TokenSubject } from "./auth/token-generations.js";
import type { Config } from "./config/config.js";
import { configWarnings } from "./config/secret-policy.js";
import { agentsRoutes } from "./http/agents.js";
import { asyncApiRoutes } from "./http/asyncapi.js";
import { dashboardRoutes } from "./http/dashboard.js";
import { healthRoutes } from "./http/health.js";
import { metricsRoutes } from "./http/metrics.js";
import { registerOpenApi } from "./http/openapi.js";
import { registerRateLimit } from "./http/rate-limit.js";
import { registerSecurityHeaders } from "./http/security-headers.js";
import { revokedCloseCode, tokenRevocationRoutes } from "./http/token-revocation.js";
import { uiRoutes } from "./http/ui.js";
import { countReconnects, createServerMetrics, timeAriRequests, timeRedisCommands, websocketClients } from "./metrics/index.js";
import { QueueDirectory, type QueueConfig } from "./queues/queue-config.js";
import { endGoneCustomer } from "./recovery/customer-gone.js";
import { startReconcileTrigger, type ReconcileTrigger } from "./recovery/reconcile-trigger.js";
import { startQueueTimers } from "./calls/queue-timers.js";
import type { RosterEntry } from "./roster/roster-file.js";
import { RosterGuard } from "./roster/roster-guard.js";
import { buildSystemState } from "./system-state/system-state.js";
import { AgentBoard, createStateStore, StatsRecorder, type SessionStore } from "./state/index.js";
import { StatsHistoryStore } from "./system-stats/stats-history.js";
import { startStatsPublisher, type StatsPublisherHandle } from "./system-stats/stats-publisher.js";
import { ClientHub, EventPublisher, ScreenPresence, StreamRelay, redisAvailability, websocketPluginOptions, wsPlugin } from "./ws/index.js";

/** What `buildApp` needs. */
export interface BuildAppOptions {
  config: Config;
  /** Resolved Redis URL (demo mode starts its own Redis and passes its URL here). */
  redisUrl: string;
  /** ARI base URL (demo mode passes the simulator's). */
  ariUrl: string;
  /**
   * The agent roster to load into Redis at start (created or updated, never deleted), and again,
   * with the run-time changes, whenever Redis comes back without it (see `roster/roster-guard.ts`).
   */
  roster: readonly RosterEntry[];
  logger: Logger;
  /** Clock (Unix ms); tests may pass their own. */
  now?: () => number;
  /** Ring-timeout polling and stats interval can be turned off in tests that drive them. */
  heartbeatIntervalMs?: number;
  /** The queue configuration (QUEUES_FILE); queue numbers not listed get the defaults. */
  queues?: readonly QueueConfig[];
  /** Folder of the built web app (default: `supervisor-ui/dist` of this repository). */
  uiRoot?: string;
  /** How often the roster guard checks that Redis still holds the roster (ms, default 1000). */
  rosterCheckIntervalMs?: number;
}

/**
 * How old the in-memory agent board may get before it is listed from Redis again (ms): the most
 * that statistics and queue estimates can lag a change made by means the server does not see.
 */
export const AGENT_BOARD_MAX_AGE_MS = 5000;

/** The server: the fastify instance plus the parts tests and the demo look at. */
export interface App {
  fastify: FastifyInstance;
  ari: AriConnection;
  redis: Redis;
  hub: ClientHub;
  calls: CallContext;
  /** Reconciliation with Asterisk, run on every ARI `up` and Redis `ready` (see `recovery/`). */
  reconcile: ReconcileTrigger;
  /** Keeps the roster in Redis (see `roster/roster-guard.ts`). */
  roster: RosterGuard;
}

/**
 * Builds the server. Nothing connects until `app.fastify.ready()` (or `listen`).
 * @throws Error when the roster cannot be loaded into Redis (e.g. two agents on one extension).
 */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  for (const warning of configWarnings(config)) logger.warn(warning);
  // No per-request log lines: a screen's token travels in the /ws query string and must not be logged.
  const fastify = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  // ioredis retries forever with backoff; commands issued while it is down wait in its offline queue.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
  redis.on("error", (error) => logger.warn({ err: error }, "Redis connection error; retrying"));
  const metrics = createServerMetrics();
  timeRedisCommands(metrics.registry, redis);
  const state = createStateStore(redis, config.redisPrefix);
  const hub = new ClientHub({ logger });
  websocketClients(metrics.registry, () => hub.countsByRole());
  const publisher = new EventPublisher({
    redis,
    streamKey: state.keys.eventLog(),
    hub,
    logger,
    maxLength: config.eventLogMaxLength,
    onPublish: metrics.observeEvent,
  });
  const queues = new QueueDirectory(options.queues ?? []);
  const board = new AgentBoard(state.agents, { maxAgeMs: AGENT_BOARD_MAX_AGE_MS, now });
  // Events other server processes publish reach this process's screens through the log.
  const relay = new StreamRelay({
    redis: redis.duplicate({ connectionName: `event-relay-${publisher.nodeId}` }),
    streamKey: state.keys.eventLog(),
    nodeId: publisher.nodeId,
    unconfirmed: publisher.unconfirmed,
    hub,
    logger,
    onEntry: (entry) => {
      // The roster guard reads the board, so other processes' roster changes reach it this way too.
      if (entry.event === "agent_status_updated") board.applyEvent(entry.data as EventPayloadMap["agent_status_updated"]);
    },
  });
  const ari = new AriConnection({ url: options.ariUrl, username: config.ariUsername, password: config.ariPassword, app: config.ariApp, logger });
  countReconnects(metrics.registry, { redis, onAriState: (listener) => ari.on("state", ({ state }) => listener(state)) });
  const stats = new StatsRecorder(redis, state.keys);
  // The stats publisher starts with the server (onReady); changes before that need no push.
  let notifyStats = (): void => undefined;
  const calls: CallContext = {
    ari: timeAriRequests(metrics.registry, ari.rest),
    agents: state.agents,
    board,
    sessions: state.sessions,
    queueStore: state.queueStore,
    transfers: state.transfers,
    events: publisher,
    stats,
    statsChanged: () => notifyStats(),
    customerGone: (sessionId) => endGoneCustomer(calls, sessionId),
    queues,
    settings: { app: config.ariApp, agentEndpoint: config.agentEndpoint, ringTimeoutS: config.ringTimeoutS },
    logger,
    now,
    serial: new KeyedSerializer(),
  };
  // An agent whose screens are all gone, on every process, goes offline after the grace.
  const presence = new ScreenPresence({
    store: state.presence,
    nodeId: publisher.nodeId,
    graceMs: config.presenceGraceS * 1000,
    leaseMs: config.screenLeaseS * 1000,
    now,
    logger,
    onLapse: (change) => publishStatusChange(calls, change),
  });

  const generations = new TokenGenerations(redis, state.keys.tokenGenerations());
  const closeRevoked = ({ role, subject }: TokenSubject): number => hub.closeSubject(role, subject, revokedCloseCode, "token revoked");
  const authenticate = createAuthenticator(config.authSecret, generations);
  const roster = new RosterGuard({
    redis,
    keys: state.keys,
    agents: state.agents,
    board,
    generations,
    roster: options.roster,
    logger,
    now,
    onStatusChange: (change) => publishStatusChange(calls, change),
    ...(options.rosterCheckIntervalMs ? { checkIntervalMs: options.rosterCheckIntervalMs } : {}),
  });
  await roster.load();

  ari.on("event", (event) => {
    const arrivedAt = performance.now();
    void routeAriEvent(calls, event).then(() => metrics.observeAriEvent(event.type, arrivedAt));
  });
  const reconcile = startReconcileTrigger(calls, ari, redis);

  // First, so the OpenAPI document lists every route registered after it.
  await registerOpenApi(fastify);
  await registerSecurityHeaders(fastify);
  await registerRateLimit(fastify, config.httpRateLimitPerMinute);
  await fastify.register(websocket, websocketPluginOptions);
  await fastify.register(wsPlugin, {
    authSecret: config.authSecret,
    authenticate,
    hub,
    publisher,
    handler: (command, identity) => handleCommand(calls, command, identity),
    snapshot: (identity, lastEventId) => buildSystemState({ ...state, queues, ringTimeoutS: (session) => ringTimeoutFor(calls, session) }, identity, lastEventId, now()),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    allowedOrigins: config.allowedOrigins,
    connectionCaps: { perAddress: config.maxConnectionsPerAddress, perIdentity: config.maxConnectionsPerIdentity },
    availability: redisAvailability(redis),
    onConnect: (identity, clientId) => {
      if (identity.agentId !== undefined) presence.opened(identity.agentId, clientId);
    },
    onDisconnect: (identity, clientId) => {
      if (identity.agentId !== undefined) presence.closed(identity.agentId, clientId);
    },
  });
  await fastify.register(asyncApiRoutes);
  await fastify.register(uiRoutes, options.uiRoot ? { root: options.uiRoot } : {});
  const statsHistory = new StatsHistoryStore(redis, state.keys);
  await fastify.register(metricsRoutes, { registry: metrics.registry, ...(config.metricsToken ? { token: config.metricsToken } : {}) });
  await fastify.register(healthRoutes, { redis, ari: () => ({ state: ari.state, detail: ari.stateDetail }), roster: () => roster.check() });
  await fastify.register(dashboardRoutes, { authenticate, history: statsHistory, thresholds: config.thresholds, now });
  await fastify.register(agentsRoutes, {
    authenticate,
    agents: state.agents,
    now,
    onChange: (change, entry) => {
      roster.noteChange(entry);
      return publishStatusChange(calls, change);
    },
    onDelete: async (agentId) => {
      roster.noteDelete(agentId);
      board.remove(agentId);
      calls.statsChanged();
    },
  });
  await fastify.register(tokenRevocationRoutes, {
    authenticate,
    generations,
    closeConnections: closeRevoked,
    announce: (subject) => announceRevocation(redis, state.keys.tokenRevocations(), subject),
  });

  const stoppers: (() => void)[] = [];
  let statsPublisher: StatsPublisherHandle | undefined;
  let stopRevocations: (() => Promise<void>) | undefined;
  fastify.addHook("onReady", async () => {
    relay.start(await publisher.lastId());
    const revocations = redis.duplicate({ connectionName: `token-revocations-${publisher.nodeId}` });
    revocations.on("error", (error) => logger.debug({ err: error }, "revocation channel Redis connection error"));
    stopRevocations = await listenForRevocations(revocations, state.keys.tokenRevocations(), closeRevoked);
    presence.start();
    roster.start();
    stoppers.push(() => roster.stop());
    await ari.start({ waitUntilUp: false });
    stoppers.push(startRingTimeouts(calls));
    stoppers.push(startQueueTimers(calls));
    statsPublisher = startStatsPublisher({
        intervalMs: config.statsIntervalS * 1000,
        publisher,
        history: statsHistory,
        logger,
        sources: {
          redis,
          keys: state.keys,
          agents: board,
          sessions: state.sessions,
          activeConnections: () => hub.size,
          ariUp: () => ari.state === "up",
          startedAt: now(),
          queueSources: { queues, waiting: () => waitingCalls(state.sessions) },
        },
        now,
      });
    notifyStats = statsPublisher.notifyChange;
    stoppers.push(statsPublisher.stop);
  });
  fastify.addHook("onClose", async () => {
    for (const stop of stoppers) stop();
    reconcile.stop();
    await reconcile.idle();
    // A stats push already under way finishes before Redis closes.
    await statsPublisher?.idle();
    await presence.stop();
    await roster.idle();
    await stopRevocations?.();
    await relay.stop();
    await ari.close();
    await redis.quit().catch(() => redis.disconnect());
  });
  return { fastify, ari, redis, hub, calls, reconcile, roster };
}

/** The calls waiting in queues now, for the queue statistics. */
async function waitingCalls(sessions: SessionStore): Promise<{ queueNumber: string; enqueuedAt: number }[]> {
  const open = await sessions.listOpenSessions();
  return open
    .filter((s) => s.state === "queued" && s.queueNumber)
    .map((s) => ({ queueNumber: s.queueNumber ?? "", enqueuedAt: s.queueEnteredAt ?? s.createdAt }));
}
