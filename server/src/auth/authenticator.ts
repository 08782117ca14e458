/**
 * The server's token check for screens and the HTTP API: signature, issuer, expiry and lifetime
 * (`token.ts`), then revocation (`token-generations.ts`).
 */
import { AuthError, verifyTokenClaims, type Identity } from "./token.js";
import type { TokenGenerations } from "./token-generations.js";

/** Verifies a token and refuses revoked ones; rejects with AuthError (say 401) or a Redis error. */
export type Authenticator = (token: string) => Promise<Identity>;

/**
 * Builds the check for tokens signed with `secret`. A token whose generation is below its
 * subject's current one is refused with "token revoked ...". Costs one Redis HGET per check.
 */
export function createAuthenticator(secret: string, generations: TokenGenerations): Authenticator {
  return async (token) => {
    const { identity, generation } = await verifyTokenClaims(secret, token);
    const current = await generations.current(identity);
    if (generation < current) {
      throw new AuthError(`token revoked: ${identity.role} tokens of ${identity.subject} before generation ${current} are no longer accepted; ask for a new token`);
    }
    return identity;
  };
}
