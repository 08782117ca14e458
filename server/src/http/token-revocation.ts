/**
 * Token revocation over HTTP, for supervisors: `POST /api/agents/{agentId}/revoke-tokens` revokes
 * every token of one agent, `POST /api/roles/{role}/revoke-tokens` every supervisor or every ops
 * token. A revoked token is refused at the WebSocket upgrade (401) and by this API, and the open
 * WebSocket connections of that subject are closed with 1008 "Policy Violation" (RFC 6455 §7.4.1):
 * on this process at once, on the others when the announcement reaches them (`auth/revocation-channel.ts`). New tokens must carry the new generation (`npm run token` reads
 * it from Redis when REDIS_URL is set).
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { Authenticator } from "../auth/authenticator.js";
import type { TokenGenerations, TokenSubject } from "../auth/token-generations.js";
import { agentIdSchema } from "../roster/roster-file.js";
import { agentParams } from "./agents.js";
import { apiErrorSchema, documented } from "./openapi.js";
import { requireRole, supervisorRefusals } from "./require-role.js";

/** Close code for the connections of a revoked token: 1008 Policy Violation (RFC 6455 §7.4.1). */
export const revokedCloseCode = 1008;

/** What the revocation routes need. */
export interface TokenRevocationOptions {
  authenticate: Authenticator;
  generations: TokenGenerations;
  /** Closes this process's connections of the token subject; returns how many were closed. */
  closeConnections(subject: TokenSubject): number;
  /** Tells the other server processes, which close theirs. */
  announce(subject: TokenSubject): Promise<void>;
}

const revokedSchema = z.object({
  role: z.enum(["agent", "supervisor", "ops"]),
  subject: z.string().describe("The tokens' sub: the agent id, or the role"),
  generation: z.int().describe("The subject's new token generation; tokens must carry it (claim gen) from now on"),
  closedConnections: z.int().describe("WebSocket connections of the subject this server process closed (1008); the other processes close theirs when told"),
});

const responses = {
  200: { description: "Revoked", body: revokedSchema },
  400: { description: "A bad agent id or role (error INVALID_MESSAGE)", body: apiErrorSchema },
  ...supervisorRefusals,
};

const agentDoc = documented({
  summary: "Revoke every token of an agent",
  description: "Tokens signed before are refused from now on (401), and the agent's open WebSocket connections on this server process are closed with 1008.",
  tags: ["tokens"],
  bearer: true,
  params: agentParams,
  responses,
});

const roleDoc = documented({
  summary: "Revoke every supervisor or every ops token",
  description: "Their subject is the role. Tokens signed before are refused from now on (401), and those WebSocket connections on this server process are closed with 1008.",
  tags: ["tokens"],
  bearer: true,
  params: z.object({ role: z.enum(["supervisor", "ops"]) }),
  responses,
});

/** Registers the revoke-tokens routes. */
export const tokenRevocationRoutes: FastifyPluginAsync<TokenRevocationOptions> = async (fastify, options) => {
  fastify.addHook("onRequest", requireRole(options.authenticate, "supervisor"));

  const revoke = async (subject: TokenSubject) => {
    const generation = await options.generations.revoke(subject);
    await options.announce(subject);
    return { role: subject.role, subject: subject.subject, generation, closedConnections: options.closeConnections(subject) };
  };

  fastify.post<{ Params: { agentId: string } }>("/api/agents/:agentId/revoke-tokens", agentDoc, async (request, reply) => {
    const agentId = agentIdSchema.safeParse(request.params.agentId);
    if (!agentId.success) return reply.code(400).send({ error: "INVALID_MESSAGE", message: `agentId: ${agentId.error.issues[0]!.message}` });
    return revoke({ role: "agent", subject: agentId.data });
  });

  fastify.post<{ Params: { role: string } }>("/api/roles/:role/revoke-tokens", roleDoc, async (request, reply) => {
    const { role } = request.params;
    if (role !== "supervisor" && role !== "ops") {
      return reply.code(400).send({ error: "INVALID_MESSAGE", message: `role must be supervisor or ops (agent tokens are revoked per agent), not ${JSON.stringify(role)}` });
    }
    return revoke({ role, subject: role });
  });
};
