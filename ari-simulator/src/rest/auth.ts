import type { FastifyReply, FastifyRequest } from "fastify";

/** ARI user credentials. */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * True when the request carries the ARI credentials: HTTP Basic, or an `api_key=user:pass` query
 * parameter (source: Asterisk res/ari.c `authenticate_user`).
 */
export function isAuthenticated(request: FastifyRequest, credentials: Credentials): boolean {
  const expected = `${credentials.username}:${credentials.password}`;
  const header = request.headers.authorization;
  if (header?.startsWith("Basic ")) {
    return Buffer.from(header.slice("Basic ".length), "base64").toString("utf8") === expected;
  }
  const apiKey = (request.query as Record<string, unknown> | undefined)?.api_key;
  return typeof apiKey === "string" && apiKey === expected;
}

/**
 * A Fastify hook that answers 401 `{"message":"Authentication required"}` with Asterisk's
 * `WWW-Authenticate` challenge unless the request is authenticated.
 */
export function requireCredentials(credentials: Credentials) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isAuthenticated(request, credentials)) return;
    await reply
      .code(401)
      .header("www-authenticate", 'Basic realm="Asterisk REST Interface"')
      .send({ message: "Authentication required" });
  };
}
