import type { FastifyInstance, FastifyRequest } from "fastify";
import { AriError } from "../pbx/ari-error.js";
import { Cause, hangupReasonToCause } from "../pbx/causes.js";
import type { OriginateParams } from "../pbx/operation-params.js";
import type { AriContext } from "./context.js";
import { RequestParams } from "./params.js";

type ChannelRequest = FastifyRequest<{ Params: { channelId: string } }>;

function params(request: FastifyRequest): RequestParams {
  return new RequestParams(request.query, request.body);
}

function originateParams(request: FastifyRequest, channelId?: string): OriginateParams {
  const p = params(request);
  return {
    endpoint: p.string("endpoint"),
    extension: p.string("extension"),
    context: p.string("context"),
    priority: p.integer("priority"),
    app: p.string("app"),
    appArgs: p.string("appArgs"),
    callerId: p.string("callerId"),
    timeout: p.integer("timeout"),
    variables: p.variables(),
    channelId: channelId ?? p.string("channelId"),
    otherChannelId: p.string("otherChannelId"),
  };
}

/** Reads the mute direction; Asterisk's listing defaults it to `both`. Throws AriError 400 for others. */
function muteDirection(request: FastifyRequest): string {
  const direction = params(request).string("direction") ?? "both";
  if (!["both", "in", "out"].includes(direction)) throw new AriError(400, "Invalid direction specified");
  return direction;
}

/**
 * The `/ari/channels` operations of the simulator's `channels` listing, with Asterisk's checks and
 * error messages (source: Asterisk res/ari/resource_channels.c). Void operations answer 204.
 */
export function registerChannelRoutes(app: FastifyInstance, { pbx }: AriContext): void {
  /** A Stasis channel in a state that allows media/state operations (Asterisk's find_control + channel_state_invalid). */
  const activeControlled = (request: ChannelRequest) => {
    const channel = pbx.controlledChannel(request.params.channelId);
    pbx.requireActiveState(channel);
    return channel;
  };

  app.get("/ari/channels", async () => [...pbx.channels.values()].map((channel) => channel.toJson()));

  app.post("/ari/channels", async (request) => pbx.originate(originateParams(request)));

  app.post("/ari/channels/create", async (request) => {
    const p = params(request);
    return pbx.create({
      endpoint: p.string("endpoint"),
      app: p.string("app"),
      appArgs: p.string("appArgs"),
      channelId: p.string("channelId"),
      otherChannelId: p.string("otherChannelId"),
      variables: p.variables(),
    });
  });

  app.get("/ari/channels/:channelId", async (request: ChannelRequest) => pbx.channel(request.params.channelId).toJson());

  app.post("/ari/channels/:channelId", async (request: ChannelRequest) =>
    pbx.originate(originateParams(request, request.params.channelId)),
  );

  app.delete("/ari/channels/:channelId", async (request: ChannelRequest, reply) => {
    const channel = pbx.channel(request.params.channelId);
    const reason = params(request).string("reason");
    const cause = reason === undefined ? Cause.normalClearing : hangupReasonToCause(reason);
    if (cause === undefined) throw new AriError(400, "Invalid reason for hangup provided");
    pbx.hangup(channel, cause, "ari");
    return reply.code(204).send();
  });

  app.post("/ari/channels/:channelId/continue", async (request: ChannelRequest, reply) => {
    const channel = activeControlled(request);
    const p = params(request);
    pbx.continueInDialplan(channel, p.string("context"), p.string("extension"));
    return reply.code(204).send();
  });

  app.post("/ari/channels/:channelId/redirect", async (request: ChannelRequest, reply) => {
    const channel = activeControlled(request);
    const endpoint = params(request).string("endpoint");
    if (endpoint === undefined) throw new AriError(400, "Required parameter 'endpoint' not provided.");
    const slash = endpoint.indexOf("/");
    if (slash <= 0) throw new AriError(422, `Endpoint parameter '${endpoint}' does not contain tech/resource`);
    if (slash === endpoint.length - 1) throw new AriError(422, `No resource provided in endpoint parameter '${endpoint}'`);
    const technology = endpoint.slice(0, slash);
    if (technology.toLowerCase() !== channel.technology.toLowerCase()) {
      throw new AriError(422, `Endpoint technology '${technology}' does not match channel technology '${channel.technology}'`);
    }
    // The channel is sent elsewhere (a SIP 302/REFER) and leaves this Asterisk.
    pbx.hangup(channel, Cause.normalClearing, "silent");
    return reply.code(204).send();
  });

  app.post("/ari/channels/:channelId/answer", async (request: ChannelRequest, reply) => {
    pbx.answer(activeControlled(request));
    return reply.code(204).send();
  });

  // Indications, hold, mute and music on hold change what the far end hears; Asterisk sends no event for them.
  for (const [method, path] of [
    ["POST", "ring"],
    ["DELETE", "ring"],
    ["POST", "hold"],
    ["DELETE", "hold"],
    ["POST", "moh"],
    ["DELETE", "moh"],
  ] as const) {
    app.route({
      method,
      url: `/ari/channels/:channelId/${path}`,
      handler: async (request: ChannelRequest, reply) => {
        activeControlled(request);
        return reply.code(204).send();
      },
    });
  }

  for (const method of ["POST", "DELETE"] as const) {
    app.route({
      method,
      url: "/ari/channels/:channelId/mute",
      handler: async (request: ChannelRequest, reply) => {
        activeControlled(request);
        muteDirection(request);
        return reply.code(204).send();
      },
    });
  }

  app.get("/ari/channels/:channelId/variable", async (request: ChannelRequest) => {
    const variable = params(request).string("variable");
    if (variable === undefined) throw new AriError(400, "Variable name is required");
    const channel = pbx.channels.get(request.params.channelId);
    if (!channel) throw new AriError(404, "Provided channel was not found");
    pbx.controlledChannel(channel.id);
    const value = channel.variables.get(variable);
    if (value === undefined) throw new AriError(404, "Provided variable was not found");
    return { value };
  });

  app.post("/ari/channels/:channelId/variable", async (request: ChannelRequest, reply) => {
    const p = params(request);
    const variable = p.string("variable");
    if (variable === undefined) throw new AriError(400, "Variable name is required");
    const channel = pbx.controlledChannel(request.params.channelId);
    pbx.setVariable(channel, variable, p.string("value") ?? "");
    return reply.code(204).send();
  });

  app.post("/ari/channels/:channelId/dial", async (request: ChannelRequest, reply) => {
    const channel = pbx.controlledChannel(request.params.channelId);
    const p = params(request);
    pbx.dial(channel, p.string("caller"), p.integer("timeout") ?? 0);
    return reply.code(204).send();
  });
}
