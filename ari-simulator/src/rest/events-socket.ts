import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { StasisApps } from "../pbx/stasis-apps.js";
import { type Credentials, requireCredentials } from "./auth.js";
import { RequestParams } from "./params.js";

/**
 * The HTML error page Asterisk's HTTP server (`ast_http_error`) sends when it refuses a WebSocket
 * upgrade, e.g. 400 "Missing param 'app'" (source: Asterisk res/ari/resource_events.c).
 */
function httpErrorPage(status: number, title: string, text: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>${status} ${title}</title>\r\n</head><body>\r\n<h1>${title}</h1>\r\n<p>${text}</p>\r\n<hr />\r\n<address>Asterisk Server</address>\r\n</body></html>\r\n`;
}

function requestedApps(request: FastifyRequest): string[] {
  return new RequestParams(request.query, undefined).list("app");
}

/**
 * `/ari/events`: the WebSocket that registers the Stasis apps named in `app` (comma-separated
 * and/or repeated) and carries their events as JSON text frames. Credentials as for REST
 * (`api_key=user:pass` or Basic); 400 without `app`; `subscribeAll=true` delivers every event.
 */
export function registerEventsSocket(app: FastifyInstance, apps: StasisApps, credentials: Credentials): void {
  const requireApp = async (request: FastifyRequest, reply: FastifyReply) => {
    if (requestedApps(request).length > 0) return;
    await reply.code(400).type("text/html").send(httpErrorPage(400, "Bad Request", "Missing param 'app'"));
  };
  app.get(
    "/ari/events",
    { websocket: true, preValidation: [requireCredentials(credentials), requireApp] },
    (socket, request) => {
      const subscribeAll = new RequestParams(request.query, undefined).boolean("subscribeAll");
      const session = apps.register(socket, requestedApps(request), subscribeAll);
      socket.on("close", () => apps.unregister(session));
    },
  );
}
