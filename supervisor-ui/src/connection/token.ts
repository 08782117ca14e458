/**
 * What the screen reads from its token without verifying it (the server verifies it at the
 * WebSocket upgrade): the role picks the screen, `agentId` the agent, `exp` lets the screen say
 * "expired" before it even tries.
 */
import { ClientRole } from "@acc/shared-types";

/** The claims a screen needs. `exp` is Unix seconds, as in the JWT. */
export interface TokenClaims {
  role: ClientRole;
  agentId?: string;
  exp?: number;
}

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Decodes a JWT's payload; `null` when the text is not a JWT with a known role. */
export function decodeTokenClaims(token: string): TokenClaims | null {
  const payload = token.trim().split(".")[1];
  if (!payload) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(base64UrlDecode(payload));
  } catch {
    return null;
  }
  if (typeof claims !== "object" || claims === null) return null;
  const { role, agentId, exp } = claims as Record<string, unknown>;
  const parsedRole = ClientRole.safeParse(role);
  if (!parsedRole.success) return null;
  if (parsedRole.data === "agent" && (typeof agentId !== "string" || agentId === "")) return null;
  return {
    role: parsedRole.data,
    ...(typeof agentId === "string" && agentId !== "" ? { agentId } : {}),
    ...(typeof exp === "number" ? { exp } : {}),
  };
}

/** The sentence to show when the token has expired by this machine's clock, else `null`. */
export function expiryProblem(claims: TokenClaims, now: number): string | null {
  if (claims.exp === undefined || claims.exp * 1000 > now) return null;
  return `The token expired at ${new Date(claims.exp * 1000).toISOString()}. Ask for a new link.`;
}
