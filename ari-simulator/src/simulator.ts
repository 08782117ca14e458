import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { ScenarioControl } from "./control/scenario-control.js";
import { registerSimRoutes, type SimulatorLifecycle } from "./control/sim-routes.js";
import { AriError } from "./pbx/ari-error.js";
import { Dialplan, type DialplanConfig, defaultDialplan } from "./pbx/dialplan.js";
import { EndpointBehaviours } from "./pbx/endpoint-behaviours.js";
import { LiveRecordings } from "./pbx/live-recordings.js";
import { Pbx } from "./pbx/pbx.js";
import { StasisApps } from "./pbx/stasis-apps.js";
import { registerApiDocsRoutes } from "./rest/api-docs-routes.js";
import { registerAsteriskRoutes } from "./rest/asterisk-routes.js";
import { requireCredentials } from "./rest/auth.js";
import { registerBridgeRoutes } from "./rest/bridges-routes.js";
import { registerChannelRoutes } from "./rest/channels-routes.js";
import type { AriContext } from "./rest/context.js";
import { registerEventsSocket } from "./rest/events-socket.js";
import { registerRecordingRoutes } from "./rest/recordings-routes.js";

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** ARI user; default "asterisk". */
  username?: string;
  /** ARI password; default "asterisk". */
  password?: string;
  /** The Stasis app injected calls and traffic go to; default "contact-center". */
  appName?: string;
  /** The dialplan; default {@link defaultDialplan} (the recordings' dialplan). */
  dialplan?: DialplanConfig;
  /** Fastify/pino logger options; off by default. */
  logger?: FastifyServerOptions["logger"];
  /** The `asterisk_id` stamped on events; default "02:fc:00:00:00:01" as in the recordings. */
  asteriskId?: string;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:8088` (ARI is under `/ari`); the same after a restart. */
  url: string;
  control: ScenarioControl;
  /**
   * Asterisk stops: the HTTP server closes (REST and `/ari/events` connections are refused, open
   * WebSockets close) and every channel and bridge is gone without an event. No-op when stopped.
   */
  stop(): Promise<void>;
  /** Asterisk starts again on the same port, with no channels or bridges. No-op when running. Rejects if the port is taken. */
  start(): Promise<void>;
  /** {@link stop}, wait `downMs` ms (default 0), {@link start}. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server, closes every WebSocket and cancels every timer; the simulator cannot start again. */
  close(): Promise<void>;
}

/**
 * Starts a protocol-faithful Asterisk 20 ARI peer: Swagger listings at `/ari/api-docs`, REST under
 * `/ari`, the `/ari/events` WebSocket, and scenario control under `/sim`. The unmodified
 * `ari-client` connects to `url` exactly as to Asterisk. Rejects if the port cannot be bound.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const credentials = { username: options.username ?? "asterisk", password: options.password ?? "asterisk" };
  const appName = options.appName ?? "contact-center";
  const asteriskId = options.asteriskId ?? "02:fc:00:00:00:01";
  const apps = new StasisApps(asteriskId);
  const dialplan = new Dialplan(options.dialplan ?? defaultDialplan());
  const endpoints = new EndpointBehaviours();
  const pbx = new Pbx(apps, dialplan, endpoints);
  const recordings = new LiveRecordings(apps);
  const control = new ScenarioControl(pbx, apps, dialplan, endpoints, appName);
  const context: AriContext = { pbx, recordings, apps, asteriskId, startedAt: new Date() };

  /** One run of the HTTP server; a restart builds a new one on the same port. */
  const buildHttp = async (lifecycle: SimulatorLifecycle): Promise<FastifyInstance> => {
    const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
    // ari-client (swagger-client) sends `Content-Type: application/json` with an empty body on DELETE.
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
      const text = typeof body === "string" ? body : body.toString("utf8");
      if (text.trim() === "") {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new AriError(400, "Failed to parse body as JSON"), undefined);
      }
    });
    app.setErrorHandler((error, _request, reply) => {
      if (error instanceof AriError) return reply.code(error.status).send({ message: error.message });
      const { statusCode, message } = error as { statusCode?: number; message?: string };
      const status = typeof statusCode === "number" && statusCode < 500 ? statusCode : 500;
      return reply.code(status).send({ message: message ?? "Internal Server Error" });
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: "Resource not found" }));
    await app.register(websocket);
    const authenticate = requireCredentials(credentials);
    app.addHook("onRequest", async (request, reply) => {
      const path = request.url.split("?")[0] ?? "";
      // /ari/events authenticates in its own route so a refused upgrade gets the HTTP answer.
      if (path === "/ari/events") return;
      if (path.startsWith("/ari/") || path.startsWith("/sim/")) await authenticate(request, reply);
    });
    registerApiDocsRoutes(app);
    registerAsteriskRoutes(app, context);
    registerChannelRoutes(app, context);
    registerBridgeRoutes(app, context);
    registerRecordingRoutes(app, context);
    registerEventsSocket(app, apps, credentials);
    registerSimRoutes(app, control, lifecycle);
    return app;
  };

  const host = options.host ?? "127.0.0.1";
  let port = options.port ?? 0;
  let http: FastifyInstance | undefined;
  let closed = false;
  const simulator: Simulator = {
    url: "",
    control,
    stop: async () => {
      const running = http;
      if (!running) return;
      http = undefined;
      // A stopping Asterisk drops its calls and connections at once; it sends no more events.
      pbx.discardAll();
      recordings.close();
      apps.cut();
      await running.close();
    },
    start: async () => {
      if (http || closed) return;
      const app = await buildHttp(simulator);
      await app.listen({ port, host });
      http = app;
      const address = app.server.address();
      if (typeof address === "object" && address) port = address.port;
    },
    restart: async ({ downMs = 0 } = {}) => {
      await simulator.stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await simulator.start();
    },
    close: async () => {
      closed = true;
      control.close();
      recordings.close();
      pbx.close();
      apps.faults.flush();
      await http?.close();
      http = undefined;
    },
  };
  await simulator.start();
  simulator.url = `http://${host}:${port}`;
  return simulator;
}
