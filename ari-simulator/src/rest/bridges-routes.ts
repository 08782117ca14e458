import type { FastifyInstance, FastifyRequest } from "fastify";
import { AriError } from "../pbx/ari-error.js";
import type { Channel } from "../pbx/channel.js";
import type { Pbx } from "../pbx/pbx.js";
import type { AriContext } from "./context.js";
import { RequestParams } from "./params.js";

type BridgeRequest = FastifyRequest<{ Params: { bridgeId: string } }>;

/**
 * The Stasis channels named by the `channel` parameter, checked as Asterisk's
 * `control_list_create` does: 400 "Missing parameter channel" when none, 400 "Channel not found",
 * 422 "Channel not in Stasis application" (source: Asterisk res/ari/resource_bridges.c).
 */
function stasisChannels(pbx: Pbx, request: FastifyRequest): Channel[] {
  const ids = new RequestParams(request.query, request.body).list("channel");
  if (ids.length === 0) throw new AriError(400, "Missing parameter channel");
  return ids.map((id) => {
    const channel = pbx.channels.get(id);
    if (!channel) throw new AriError(400, "Channel not found");
    if (channel.stasisApp === undefined) throw new AriError(422, "Channel not in Stasis application");
    return channel;
  });
}

/** The `/ari/bridges` operations of the simulator's `bridges` listing. Void operations answer 204. */
export function registerBridgeRoutes(app: FastifyInstance, { pbx, recordings }: AriContext): void {
  const create = (request: FastifyRequest, bridgeId: string | undefined) => {
    const p = new RequestParams(request.query, request.body);
    return pbx.createBridge(p.string("type"), bridgeId ?? p.string("bridgeId"), p.string("name")).toJson();
  };

  app.get("/ari/bridges", async () => [...pbx.bridges.values()].map((bridge) => bridge.toJson()));

  app.post("/ari/bridges", async (request) => create(request, undefined));

  app.post("/ari/bridges/:bridgeId", async (request: BridgeRequest) => create(request, request.params.bridgeId));

  app.get("/ari/bridges/:bridgeId", async (request: BridgeRequest) => pbx.bridge(request.params.bridgeId).toJson());

  app.delete("/ari/bridges/:bridgeId", async (request: BridgeRequest, reply) => {
    const bridge = pbx.bridge(request.params.bridgeId);
    recordings.stopAllOf(bridge);
    pbx.destroyBridge(bridge);
    return reply.code(204).send();
  });

  app.post("/ari/bridges/:bridgeId/addChannel", async (request: BridgeRequest, reply) => {
    const bridge = pbx.bridge(request.params.bridgeId);
    for (const channel of stasisChannels(pbx, request)) pbx.addToBridge(bridge, channel);
    return reply.code(204).send();
  });

  app.post("/ari/bridges/:bridgeId/removeChannel", async (request: BridgeRequest, reply) => {
    const bridge = pbx.bridge(request.params.bridgeId);
    const channels = stasisChannels(pbx, request);
    if (channels.some((channel) => channel.bridge !== bridge)) throw new AriError(422, "Channel not in this bridge");
    for (const channel of channels) pbx.removeFromBridge(channel);
    return reply.code(204).send();
  });

  // Music on hold in a bridge is audio only: Asterisk's announcer channel produces no app event.
  for (const method of ["POST", "DELETE"] as const) {
    app.route({
      method,
      url: "/ari/bridges/:bridgeId/moh",
      handler: async (request: BridgeRequest, reply) => {
        pbx.bridge(request.params.bridgeId);
        return reply.code(204).send();
      },
    });
  }

  app.post("/ari/bridges/:bridgeId/record", async (request: BridgeRequest, reply) => {
    const bridge = pbx.bridge(request.params.bridgeId);
    const p = new RequestParams(request.query, request.body);
    const name = p.string("name");
    const format = p.string("format");
    if (name === undefined || format === undefined) throw new AriError(400, "Invalid parameters");
    const ifExists = p.string("ifExists") ?? "fail";
    if (!["fail", "overwrite", "append"].includes(ifExists)) throw new AriError(400, "ifExists invalid");
    const { recording, announce } = recordings.start(bridge, name, format, p.integer("maxDurationSeconds") ?? 0);
    setImmediate(announce);
    return reply.code(201).header("location", `/recordings/live/${encodeURIComponent(name)}`).send(recording);
  });
}
