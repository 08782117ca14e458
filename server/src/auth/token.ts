/**
 * Signed access tokens for the screens: an HS256 JWT (RFC 7519) carrying the role and, for agents,
 * the agent id. The server verifies it at the WebSocket upgrade; `npm run token` mints one.
 */
import { Buffer } from "node:buffer";
import { SignJWT, errors, jwtVerify, type JWTPayload } from "jose";
import { ClientRole } from "@acc/shared-types";

/** A screen's role: shared-types' `ClientRole` ("agent" | "supervisor" | "ops"), the one definition. */
export type Role = ClientRole;

/** The verified identity behind a token. `agentId` is always set for role `agent`. */
export interface Identity {
  role: Role;
  agentId?: string;
  /** The token's `sub`: the agent id for agents, otherwise the role. */
  subject: string;
}

/**
 * A verified token: its identity, and the token generation of its subject it was signed for
 * (claim `gen`, 0 when absent); a token is revoked once its subject's generation has moved past
 * it (see `token-generations.ts`).
 */
export interface VerifiedToken {
  identity: Identity;
  generation: number;
}

/** A token was refused; `message` says why in words a person can act on. */
export class AuthError extends Error {
  override readonly name = "AuthError";
}

/** The `iss` claim every token carries and every verification requires. */
export const tokenIssuer = "ari-contact-center";

/** The shortest accepted secret, in bytes (UTF-8): HS256 keys should be at least the hash size (RFC 7518 §3.2). */
export const minSecretBytes = 32;

/** Default token lifetime: 12 h, in seconds. */
export const defaultTokenTtlSeconds = 12 * 3600;

/** Longest token lifetime signed or accepted: 24 h, in seconds (`exp` − `iat`), so a leaked token dies within a day. */
export const maxTokenTtlSeconds = 24 * 3600;

const algorithm = "HS256";

/**
 * Checks the shared secret and returns it as key bytes.
 * @throws RangeError when the secret is shorter than {@link minSecretBytes} bytes.
 */
export function secretKey(secret: string): Uint8Array {
  const key = Buffer.from(secret, "utf8");
  if (key.byteLength < minSecretBytes) {
    throw new RangeError(
      `AUTH_SECRET must be at least ${minSecretBytes} bytes, got ${key.byteLength}; generate one with \`openssl rand -base64 48\``,
    );
  }
  return key;
}

/**
 * Signs a token for `claims`: HS256, `iss` {@link tokenIssuer}, `sub` the agent id (agents) or the
 * role, `gen` the subject's token generation (default 0), `iat` now and `exp` now + `ttlSeconds`.
 * @param ttlSeconds lifetime in seconds, a positive integer up to {@link maxTokenTtlSeconds} (default 12 h).
 * @throws RangeError for a short secret, a bad ttl or generation; AuthError for an unknown role or
 *   an agent without `agentId`.
 */
export async function signToken(
  secret: string,
  claims: { role: Role; agentId?: string; generation?: number },
  ttlSeconds: number = defaultTokenTtlSeconds,
): Promise<string> {
  const key = secretKey(secret);
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > maxTokenTtlSeconds) {
    throw new RangeError(`token ttl must be a whole number of seconds from 1 to ${maxTokenTtlSeconds} (24 h), got ${ttlSeconds}`);
  }
  const generation = claims.generation ?? 0;
  if (!Number.isSafeInteger(generation) || generation < 0) throw new RangeError(`token generation must be a whole number ≥ 0, got ${generation}`);
  const { identity } = verifiedFromClaims({ role: claims.role, agentId: claims.agentId, sub: claims.agentId ?? claims.role, gen: generation });
  const payload: JWTPayload = { role: identity.role, gen: generation };
  if (identity.agentId !== undefined) payload.agentId = identity.agentId;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: algorithm, typ: "JWT" })
    .setIssuer(tokenIssuer)
    .setSubject(identity.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/**
 * Verifies a token's signature, issuer, expiry and lifetime (at most {@link maxTokenTtlSeconds})
 * and returns its identity. Revocation is checked by the caller (`authenticator.ts`).
 * @throws AuthError with the reason: "token expired at <ISO time>", "bad signature ...",
 *   "malformed token ...", "agent token without agentId", an unknown role, a wrong issuer, a
 *   lifetime over 24 h.
 * @throws RangeError for a short secret (a server misconfiguration, not the client's fault).
 */
export async function verifyToken(secret: string, token: string): Promise<Identity> {
  return (await verifyTokenClaims(secret, token)).identity;
}

/**
 * As {@link verifyToken}, and also returns the token's generation.
 * @throws as {@link verifyToken}; AuthError too for a `gen` that is not a whole number ≥ 0.
 */
export async function verifyTokenClaims(secret: string, token: string): Promise<VerifiedToken> {
  const key = secretKey(secret);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      issuer: tokenIssuer,
      requiredClaims: ["exp", "sub"],
    }));
  } catch (error) {
    throw new AuthError(describeJoseError(error), { cause: error });
  }
  // Without iat, the time left counts as the lifetime.
  const lifetime = payload.exp! - (payload.iat ?? Math.floor(Date.now() / 1000));
  if (lifetime > maxTokenTtlSeconds) {
    throw new AuthError(`token lifetime (exp − iat) is ${lifetime} s; at most ${maxTokenTtlSeconds} s (24 h) is accepted`);
  }
  return verifiedFromClaims(payload);
}

function verifiedFromClaims(claims: { role?: unknown; agentId?: unknown; sub?: unknown; gen?: unknown }): VerifiedToken {
  const { agentId, sub } = claims;
  const generation = claims.gen ?? 0;
  if (typeof generation !== "number" || !Number.isSafeInteger(generation) || generation < 0) {
    throw new AuthError("token generation (gen) must be a whole number ≥ 0");
  }
  const parsedRole = ClientRole.safeParse(claims.role);
  if (!parsedRole.success) {
    throw new AuthError(`token role ${JSON.stringify(claims.role)} is not one of ${ClientRole.options.join(", ")}`);
  }
  const role = parsedRole.data;
  if (agentId !== undefined && (typeof agentId !== "string" || agentId === "")) {
    throw new AuthError("token agentId must be a non-empty string");
  }
  if (role === "agent" && agentId === undefined) throw new AuthError("agent token without agentId");
  if (typeof sub !== "string" || sub === "") throw new AuthError("token without a subject (sub)");
  return { identity: agentId === undefined ? { role, subject: sub } : { role, agentId, subject: sub }, generation };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return typeof exp === "number" ? `token expired at ${new Date(exp * 1000).toISOString()}` : "token expired";
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "bad signature: the token was not signed with this server's AUTH_SECRET";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `token algorithm is not allowed; only ${algorithm} is accepted`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return `token issuer ${JSON.stringify(error.payload.iss)} is not "${tokenIssuer}"`;
    if (error.reason === "missing") return `token without the required "${error.claim}" claim`;
    return `token claim "${error.claim}" is invalid (${error.reason})`;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return "malformed token: expected a JWT (three base64url parts separated by dots)";
  }
  return "token could not be verified";
}
