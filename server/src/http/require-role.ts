/**
 * The HTTP API's token check: a bearer token (RFC 6750 §2.1) of a given role, verified and checked
 * for revocation by the server's authenticator. Refusals are `{ error, message }` with 401
 * UNAUTHORIZED (no, bad, expired or revoked token) or 403 FORBIDDEN (another role).
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Authenticator } from "../auth/authenticator.js";
import { AuthError, type Role } from "../auth/token.js";
import { apiErrorSchema } from "./openapi.js";

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The refusals of a supervisor route, for the OpenAPI document. */
export const supervisorRefusals = {
  401: { description: "No supervisor token, or the token was refused (bad, expired or revoked)", body: apiErrorSchema },
  403: { description: "The token's role is not supervisor", body: apiErrorSchema },
};

/** An onRequest hook that lets through only requests with a valid, unrevoked token of `role` (or one of the roles). */
export function requireRole(authenticate: Authenticator, role: Role | readonly Role[]): onRequestAsyncHookHandler {
  const roles: readonly Role[] = typeof role === "string" ? [role] : role;
  const wanted = `a ${roles.join(" or ")} token`;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) return reply.code(401).send({ error: "UNAUTHORIZED", message: `${wanted[0]!.toUpperCase()}${wanted.slice(1)} is required (Authorization: Bearer <token>).` });
    try {
      const identity = await authenticate(token);
      if (!roles.includes(identity.role)) {
        return reply.code(403).send({ error: "FORBIDDEN", message: `Role ${identity.role} may not do this; ${wanted} is required.` });
      }
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return reply.code(401).send({ error: "UNAUTHORIZED", message: `Token refused: ${error.message}` });
    }
  };
}
