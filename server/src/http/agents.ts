/**
 * The agent roster over HTTP, for supervisors: `GET /api/agents` lists every agent with status and
 * capacity; `PUT /api/agents/{agentId}` creates or changes one (agentName, extension, maxCalls);
 * `DELETE /api/agents/{agentId}` removes one that holds no call. All need a supervisor token
 * (`Authorization: Bearer`); a created or changed agent is pushed to the screens as
 * `agent_status_updated`. Lowering maxCalls keeps the calls an agent holds and refuses new ones
 * until it is below the new limit. Deleting an agent that holds calls (ringing included) is
 * refused with 409 CONFLICT, so no call loses its agent.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { Authenticator } from "../auth/authenticator.js";
import { agentIdSchema, rosterEntrySchema, type RosterEntry } from "../roster/roster-file.js";
import type { AgentStore, StatusChange } from "../state/index.js";
import { apiErrorSchema, documented } from "./openapi.js";
import { requireRole, supervisorRefusals } from "./require-role.js";

/** What the agents routes need. */
export interface AgentsRoutesOptions {
  authenticate: Authenticator;
  agents: AgentStore;
  now(): number;
  /** Publishes the status change of a created or changed agent, and keeps the roster copy (`roster-guard.ts`) current. */
  onChange(change: StatusChange, entry: RosterEntry): Promise<void>;
  /** Called after an agent was deleted. */
  onDelete(agentId: string): Promise<void>;
}

const bodySchema = rosterEntrySchema.omit({ agentId: true });

/** The path parameter of the per-agent routes. */
export const agentParams = z.object({ agentId: agentIdSchema });

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

const listDoc = documented({
  summary: "List every agent with status and capacity",
  tags: ["agents"],
  bearer: true,
  responses: { 200: { description: "The roster, by extension", body: z.object({ agents: z.array(agentSchema) }) }, ...supervisorRefusals },
});

const putDoc = documented({
  summary: "Create or change an agent",
  description: "The change is pushed to the screens as agent_status_updated. Lowering maxCalls keeps the calls an agent holds.",
  tags: ["agents"],
  bearer: true,
  params: agentParams,
  body: bodySchema,
  responses: {
    200: { description: "The agent was changed", body: z.object({ agent: agentSchema }) },
    201: { description: "The agent was created", body: z.object({ agent: agentSchema }) },
    400: { description: "A bad agentId or body (error INVALID_MESSAGE)", body: apiErrorSchema },
    ...supervisorRefusals,
    409: { description: "The extension belongs to another agent (error CONFLICT)", body: apiErrorSchema },
  },
});

const deleteDoc = documented({
  summary: "Delete an agent that holds no call",
  description: "Refused with 409 CONFLICT while the agent holds calls (ringing included); its extension is free afterwards.",
  tags: ["agents"],
  bearer: true,
  params: agentParams,
  responses: {
    204: { description: "The agent was deleted" },
    400: { description: "A bad agentId (error INVALID_MESSAGE)", body: apiErrorSchema },
    ...supervisorRefusals,
    404: { description: "No such agent (error UNKNOWN_AGENT)", body: apiErrorSchema },
    409: { description: "The agent holds calls (error CONFLICT)", body: apiErrorSchema },
  },
});

/** Registers GET /api/agents, PUT and DELETE /api/agents/:agentId. */
export const agentsRoutes: FastifyPluginAsync<AgentsRoutesOptions> = async (fastify, options) => {
  fastify.addHook("onRequest", requireRole(options.authenticate, "supervisor"));

  fastify.get("/api/agents", listDoc, async () => ({ agents: await options.agents.listAgents() }));

  fastify.put<{ Params: { agentId: string } }>("/api/agents/:agentId", putDoc, async (request, reply) => {
    const agentId = agentIdSchema.safeParse(request.params.agentId);
    if (!agentId.success) return reply.code(400).send({ error: "INVALID_MESSAGE", message: `agentId: ${agentId.error.issues[0]!.message}` });
    const body = bodySchema.safeParse(request.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      return reply.code(400).send({ error: "INVALID_MESSAGE", message: `${issue.path.join(".") || "body"}: ${issue.message}` });
    }
    const entry = { agentId: agentId.data, ...body.data };
    const result = await options.agents.upsertAgent(entry, options.now());
    if (!result.ok) {
      const status = result.code === "EXTENSION_IN_USE" ? 409 : 400;
      return reply.code(status).send({ error: status === 409 ? "CONFLICT" : "INVALID_MESSAGE", message: result.message });
    }
    await options.onChange(result.statusChange, entry);
    return reply.code(result.created ? 201 : 200).send({ agent: await options.agents.getAgent(agentId.data) });
  });

  fastify.delete<{ Params: { agentId: string } }>("/api/agents/:agentId", deleteDoc, async (request, reply) => {
    const agentId = agentIdSchema.safeParse(request.params.agentId);
    if (!agentId.success) return reply.code(400).send({ error: "INVALID_MESSAGE", message: `agentId: ${agentId.error.issues[0]!.message}` });
    const result = await options.agents.deleteAgent(agentId.data);
    if (!result.ok) {
      if (result.code === "UNKNOWN_AGENT") return reply.code(404).send({ error: "UNKNOWN_AGENT", message: result.message });
      return reply.code(409).send({ error: "CONFLICT", message: result.message });
    }
    await options.onDelete(agentId.data);
    return reply.code(204).send();
  });
};
