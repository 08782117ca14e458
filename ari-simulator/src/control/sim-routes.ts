import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ScenarioControl } from "./scenario-control.js";

const label = z.string().optional();
const behaviourSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stasis"), app: z.string().min(1), args: z.array(z.string()), label }),
  z.object({ kind: z.literal("answer"), afterMs: z.number().int().min(0), label }),
  z.object({ kind: z.literal("ring"), label }),
  z.object({ kind: z.literal("busy"), label }),
  z.object({ kind: z.literal("congestion"), label }),
  z.object({ kind: z.literal("reject"), label }),
  z.object({ kind: z.literal("fail") }),
]);

const injectSchema = z.object({
  args: z.array(z.string()),
  callerNumber: z.string().optional(),
  callerName: z.string().optional(),
  app: z.string().min(1).optional(),
});
const hangupSchema = z.object({ cause: z.number().int().min(0).optional(), afterMs: z.number().int().min(0).optional() });
const endpointSchema = z.object({ endpoint: z.string().min(1), behaviour: behaviourSchema });
const extensionSchema = z.object({ context: z.string().min(1), extension: z.string().min(1), behaviour: behaviourSchema });
const spread = z.object({ mean: z.number().min(0), min: z.number().min(0), max: z.number().min(0) }).refine((s) => s.min <= s.max, "min must not exceed max");
const trafficSchema = z.object({
  callsPerSecond: z.number().positive(),
  talkTimeMs: spread,
  patienceMs: spread,
  directShare: z.number().min(0).max(1),
  agentExtensions: z.array(z.string()),
  queueNumbers: z.array(z.string()),
  maxCalls: z.number().int().positive().optional(),
  durationMs: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  distribution: z.enum(["exponential", "uniform"]).optional(),
});

const cutSchema = z.object({ app: z.string().min(1).optional() });
const eventFaultsSchema = z.object({ duplicateEvery: z.number().int().min(0).optional(), reorderEvery: z.number().int().min(0).optional() });
const restartSchema = z.object({ downMs: z.number().int().min(0).max(60_000).optional() });

/** What `/sim/restart` needs of the simulator. */
export interface SimulatorLifecycle {
  restart(options?: { downMs?: number }): Promise<void>;
}

/** Parses a JSON body; on failure answers 400 `{"message": ...}` and returns undefined. */
async function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest, reply: FastifyReply): Promise<T | undefined> {
  const result = schema.safeParse(request.body ?? {});
  if (result.success) return result.data;
  await reply.code(400).send({ message: z.prettifyError(result.error) });
  return undefined;
}

/**
 * The scenario control over HTTP (JSON, same credentials as ARI):
 * - `POST /sim/calls` `{args, callerNumber?, callerName?, app?}` → 200 the customer channel
 * - `POST /sim/channels/{channelId}/hangup` `{cause?, afterMs?}` → 204 (far side hangs up)
 * - `POST /sim/endpoint-behaviours` `{endpoint, behaviour}` → 204
 * - `POST /sim/extension-behaviours` `{context, extension, behaviour}` → 204
 * - `GET /sim/channels`, `GET /sim/bridges` → ARI JSON; `GET /sim/stats` → `{events, traffic}`
 * - `POST /sim/traffic` (traffic options) → 200 counters; `DELETE /sim/traffic` → 200 counters
 * - `POST /sim/faults/cut-events` `{app?}` → 200 `{cut}` (connections cut)
 * - `PUT /sim/faults/events` `{duplicateEvery?, reorderEvery?}` → 200 settings and counts;
 *   `GET /sim/faults/events` → the same
 * - `POST /sim/restart` `{downMs?}` (≤ 60000) → 202, then the simulator stops, waits and starts
 * Errors: 400 invalid body, 404 unknown channel, 409 app not registered.
 */
export function registerSimRoutes(app: FastifyInstance, control: ScenarioControl, lifecycle: SimulatorLifecycle): void {
  app.post("/sim/calls", async (request, reply) => {
    const body = await parseBody(injectSchema, request, reply);
    if (body) return control.injectCall(body);
    return reply;
  });

  app.post("/sim/channels/:channelId/hangup", async (request: FastifyRequest<{ Params: { channelId: string } }>, reply) => {
    const body = await parseBody(hangupSchema, request, reply);
    if (!body) return reply;
    const id = request.params.channelId;
    if (!control.listChannels().some((channel) => channel.id === id)) return reply.code(404).send({ message: "Channel not found" });
    if (body.afterMs === undefined) control.hangup(id, { cause: body.cause });
    else control.hangupAfter(id, body.afterMs, { cause: body.cause });
    return reply.code(204).send();
  });

  app.post("/sim/endpoint-behaviours", async (request, reply) => {
    const body = await parseBody(endpointSchema, request, reply);
    if (!body) return reply;
    control.setEndpointBehaviour(body.endpoint, body.behaviour);
    return reply.code(204).send();
  });

  app.post("/sim/extension-behaviours", async (request, reply) => {
    const body = await parseBody(extensionSchema, request, reply);
    if (!body) return reply;
    control.setExtensionBehaviour(body.context, body.extension, body.behaviour);
    return reply.code(204).send();
  });

  app.get("/sim/channels", async () => control.listChannels());
  app.get("/sim/bridges", async () => control.listBridges());
  app.get("/sim/stats", async () => ({ events: control.events, traffic: control.trafficCounters() ?? null }));

  app.post("/sim/traffic", async (request, reply) => {
    const body = await parseBody(trafficSchema, request, reply);
    if (!body) return reply;
    return control.startTraffic(body).snapshot();
  });

  app.delete("/sim/traffic", async () => control.stopTraffic() ?? null);

  app.post("/sim/faults/cut-events", async (request, reply) => {
    const body = await parseBody(cutSchema, request, reply);
    if (!body) return reply;
    return { cut: control.cutEventSockets(body.app) };
  });

  app.put("/sim/faults/events", async (request, reply) => {
    const body = await parseBody(eventFaultsSchema, request, reply);
    if (!body) return reply;
    control.setEventFaults(body);
    return control.eventFaults();
  });
  app.get("/sim/faults/events", async () => control.eventFaults());

  app.post("/sim/restart", async (request, reply) => {
    const body = await parseBody(restartSchema, request, reply);
    if (!body) return reply;
    // The answer leaves before the server it travels on closes.
    reply.raw.once("finish", () => {
      lifecycle.restart({ downMs: body.downMs }).catch((error: unknown) => request.log.error({ err: error }, "simulator restart failed"));
    });
    return reply.code(202).send({ restarting: true, downMs: body.downMs ?? 0 });
  });
}
