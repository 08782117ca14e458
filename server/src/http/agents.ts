/**
 * The agent roster over HTTP, for supervisors: `GET /api/agents` lists every agent with status and
 * capacity; `PUT /api/agents/{agentId}` creates or changes one (agentName, extension, maxCalls).
 * Both need a supervisor token (`Authorization: Bearer`); a change is pushed to the screens as
 * `agent_status_updated`. Lowering maxCalls keeps the calls an agent holds and refuses new ones
 * until it is below the new limit.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { z } from "zod";
import { verifyToken } from "../auth/token.js";
import { rosterEntrySchema } from "../roster/roster-file.js";
import type { AgentStore, StatusChange } from "../state/index.js";
import { apiErrorSchema, documented } from "./openapi.js";

/** What the agents routes need. */
export interface AgentsRoutesOptions {
  authSecret: string;
  agents: AgentStore;
  now(): number;
  /** Publishes the status change of a created or changed agent. */
  onChange(change: StatusChange): Promise<void>;
}

const bodySchema = rosterEntrySchema.omit({ agentId: true });

/** An agent as the routes return it (`AgentRecord`), for the OpenAPI document. Times are ISO 8601 UTC, `wrapUpUntil` Unix ms. */
const agentSchema = z.object({
  agentId: z.string(),
  extension: z.string(),
  agentName: z.string(),
  maxCalls: z.int(),
  presence: z.enum(["offline", "available", "paused"]),
  pauseReason: z.string().nullable(),
  wrapUpUntil: z.int().nullable(),
  status: z.enum(["offline", "available", "paused", "ringing", "on_call", "multi_call", "wrap_up"]),
  previousStatus: z.enum(["offline", "available", "paused", "ringing", "on_call", "multi_call", "wrap_up"]).nullable(),
  statusChangedAt: z.iso.datetime(),
  lastUpdate: z.iso.datetime(),
  calls: z.array(z.object({ sessionId: z.string(), state: z.enum(["ringing", "connecting", "connected"]) })),
  capacity: z.object({ current: z.int(), max: z.int(), canTakeCall: z.boolean() }),
});

const refusals = {
  401: { description: "No supervisor token, or the token was refused", body: apiErrorSchema },
  403: { description: "The token's role is not supervisor", body: apiErrorSchema },
};

const listDoc = documented({
  summary: "List every agent with status and capacity",
  tags: ["agents"],
  bearer: true,
  responses: { 200: { description: "The roster, by extension", body: z.object({ agents: z.array(agentSchema) }) }, ...refusals },
});

const putDoc = documented({
  summary: "Create or change an agent",
  description: "The change is pushed to the screens as agent_status_updated. Lowering maxCalls keeps the calls an agent holds.",
  tags: ["agents"],
  bearer: true,
  params: rosterEntrySchema.pick({ agentId: true }),
  body: bodySchema,
  responses: {
    200: { description: "The agent was changed", body: z.object({ agent: agentSchema }) },
    201: { description: "The agent was created", body: z.object({ agent: agentSchema }) },
    400: { description: "A bad agentId or body (error INVALID_MESSAGE)", body: apiErrorSchema },
    ...refusals,
    409: { description: "The extension belongs to another agent (error CONFLICT)", body: apiErrorSchema },
  },
});

async function requireSupervisor(request: FastifyRequest, secret: string): Promise<string | null> {
  const header = request.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (!token) return "A supervisor token is required (Authorization: Bearer <token>).";
  try {
    const identity = await verifyToken(secret, token);
    return identity.role === "supervisor" ? null : `Role ${identity.role} may not manage agents; a supervisor token is required.`;
  } catch (error) {
    return `Token refused: ${(error as Error).message}`;
  }
}

/** Registers GET /api/agents and PUT /api/agents/:agentId. */
export const agentsRoutes: FastifyPluginAsync<AgentsRoutesOptions> = async (fastify, options) => {
  fastify.addHook("onRequest", async (request, reply) => {
    const refusal = await requireSupervisor(request, options.authSecret);
    if (refusal) return reply.code(refusal.startsWith("Role") ? 403 : 401).send({ error: refusal.startsWith("Role") ? "FORBIDDEN" : "UNAUTHORIZED", message: refusal });
  });

  fastify.get("/api/agents", listDoc, async () => ({ agents: await options.agents.listAgents() }));

  fastify.put<{ Params: { agentId: string } }>("/api/agents/:agentId", putDoc, async (request, reply) => {
    const agentId = rosterEntrySchema.shape.agentId.safeParse(request.params.agentId);
    if (!agentId.success) return reply.code(400).send({ error: "INVALID_MESSAGE", message: `agentId: ${agentId.error.issues[0]!.message}` });
    const body = bodySchema.safeParse(request.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      return reply.code(400).send({ error: "INVALID_MESSAGE", message: `${issue.path.join(".") || "body"}: ${issue.message}` });
    }
    const result = await options.agents.upsertAgent({ agentId: agentId.data, ...body.data }, options.now());
    if (!result.ok) {
      const status = result.code === "EXTENSION_IN_USE" ? 409 : 400;
      return reply.code(status).send({ error: status === 409 ? "CONFLICT" : "INVALID_MESSAGE", message: result.message });
    }
    await options.onChange(result.statusChange);
    return reply.code(result.created ? 201 : 200).send({ agent: await options.agents.getAgent(agentId.data) });
  });
};
