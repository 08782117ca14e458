import websocket from "@fastify/websocket";
import Fastify, { type FastifyServerOptions } from "fastify";
import { ScenarioControl } from "./control/scenario-control.js";
import { registerSimRoutes } from "./control/sim-routes.js";
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
  /** Base URL, e.g. `http://127.0.0.1:8088` (ARI is under `/ari`). */
  url: string;
  control: ScenarioControl;
  /** Stops the server, closes every WebSocket and cancels every timer. */
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
  registerSimRoutes(app, control);

  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    control,
    close: async () => {
      control.close();
      recordings.close();
      pbx.close();
      await app.close();
    },
  };
}
