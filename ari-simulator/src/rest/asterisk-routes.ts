import type { FastifyInstance } from "fastify";
import { asteriskTimestamp } from "../pbx/time.js";
import type { AriContext } from "./context.js";
import { RequestParams } from "./params.js";

/** The Asterisk version the simulator reproduces. */
export const simulatedAsteriskVersion = "20.20.1";

/** `/ari/asterisk/info` and `/ari/asterisk/ping` of the simulator's `asterisk` listing. */
export function registerAsteriskRoutes(app: FastifyInstance, context: AriContext): void {
  app.get("/ari/asterisk/info", async (request) => {
    const started = asteriskTimestamp(context.startedAt);
    const sections: Record<string, unknown> = {
      build: { os: "Linux", kernel: "", options: "", machine: process.arch, date: "", user: "" },
      system: { version: simulatedAsteriskVersion, entity_id: context.asteriskId },
      config: { name: "ari-simulator", default_language: "en", setid: { user: "", group: "" } },
      status: { startup_time: started, last_reload_time: started },
    };
    const only = new RequestParams(request.query, undefined).list("only");
    return only.length === 0 ? sections : Object.fromEntries(Object.entries(sections).filter(([key]) => only.includes(key)));
  });

  app.get("/ari/asterisk/ping", async () => ({
    asterisk_id: context.asteriskId,
    ping: "pong",
    timestamp: asteriskTimestamp(new Date()),
  }));
}
