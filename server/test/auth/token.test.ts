import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { AuthError, maxTokenTtlSeconds, signToken, tokenIssuer, verifyToken, verifyTokenClaims } from "../../src/auth/token.js";

const secret = "s".repeat(32);
const otherSecret = "o".repeat(32);
const key = new TextEncoder().encode(secret);

async function verifyError(token: string, withSecret = secret): Promise<AuthError> {
  const error = await verifyToken(withSecret, token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe("signToken / verifyToken", () => {
  it("round-trips an agent token with sub = agent id", async () => {
    const token = await signToken(secret, { role: "agent", agentId: "1001" });
    expect(await verifyToken(secret, token)).toEqual({ role: "agent", agentId: "1001", subject: "1001" });
  });

  it("round-trips supervisor and ops tokens with sub = role", async () => {
    for (const role of ["supervisor", "ops"] as const) {
      const token = await signToken(secret, { role });
      expect(await verifyToken(secret, token)).toEqual({ role, subject: role });
    }
  });

  it("sets iss and an exp ttlSeconds after iat", async () => {
    const token = await signToken(secret, { role: "ops" }, 600);
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(payload.iss).toBe(tokenIssuer);
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  it("refuses an expired token, saying when it expired", async () => {
    const exp = Math.floor(Date.now() / 1000) - 120;
    const token = await new SignJWT({ role: "ops" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(tokenIssuer)
      .setSubject("ops")
      .setExpirationTime(exp)
      .sign(key);
    const error = await verifyError(token);
    expect(error.message).toBe(`token expired at ${new Date(exp * 1000).toISOString()}`);
  });

  it("refuses a token signed with another secret", async () => {
    const token = await signToken(otherSecret, { role: "supervisor" });
    expect((await verifyError(token)).message).toMatch(/^bad signature/);
  });

  it("refuses a token whose payload was altered", async () => {
    const [header, , signature] = (await signToken(secret, { role: "agent", agentId: "1001" })).split(".");
    const forged = Buffer.from(JSON.stringify({ role: "supervisor", sub: "supervisor", iss: tokenIssuer, exp: 9999999999 })).toString("base64url");
    expect((await verifyError(`${header}.${forged}.${signature}`)).message).toMatch(/^bad signature/);
  });

  it("refuses garbage, a foreign issuer, an agent without agentId, an unknown role and a missing exp", async () => {
    expect((await verifyError("not-a-token")).message).toMatch(/^malformed token/);
    const base = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: "HS256" });
    const far = Math.floor(Date.now() / 1000) + 3600;
    const foreign = await base({ role: "ops" }).setIssuer("someone-else").setSubject("ops").setExpirationTime(far).sign(key);
    expect((await verifyError(foreign)).message).toBe(`token issuer "someone-else" is not "${tokenIssuer}"`);
    const agentless = await base({ role: "agent" }).setIssuer(tokenIssuer).setSubject("x").setExpirationTime(far).sign(key);
    expect((await verifyError(agentless)).message).toBe("agent token without agentId");
    const admin = await base({ role: "admin" }).setIssuer(tokenIssuer).setSubject("x").setExpirationTime(far).sign(key);
    expect((await verifyError(admin)).message).toBe('token role "admin" is not one of agent, supervisor, ops');
    const forever = await base({ role: "ops" }).setIssuer(tokenIssuer).setSubject("ops").sign(key);
    expect((await verifyError(forever)).message).toBe('token without the required "exp" claim');
  });

  it("rejects a secret shorter than 32 bytes and a non-positive ttl", async () => {
    await expect(signToken("short", { role: "ops" })).rejects.toThrow(/at least 32 bytes, got 5/);
    await expect(verifyToken("short", "x.y.z")).rejects.toThrow(RangeError);
    await expect(signToken(secret, { role: "ops" }, 0)).rejects.toThrow(RangeError);
  });

  it("caps the lifetime at 24 h when signing and when verifying", async () => {
    await expect(signToken(secret, { role: "supervisor" }, maxTokenTtlSeconds + 1)).rejects.toThrow(/from 1 to 86400/);
    const day = await signToken(secret, { role: "supervisor" }, maxTokenTtlSeconds);
    expect((await verifyToken(secret, day)).role).toBe("supervisor");
    const now = Math.floor(Date.now() / 1000);
    const base = () => new SignJWT({ role: "ops" }).setProtectedHeader({ alg: "HS256" }).setIssuer(tokenIssuer).setSubject("ops");
    const week = await base().setIssuedAt(now).setExpirationTime(now + 7 * 86400).sign(key);
    expect((await verifyError(week)).message).toBe(`token lifetime (exp − iat) is ${7 * 86400} s; at most 86400 s (24 h) is accepted`);
    // Without iat, the time left is the lifetime.
    const noIat = await base().setExpirationTime(now + 2 * 86400).sign(key);
    expect((await verifyError(noIat)).message).toMatch(/^token lifetime \(exp − iat\) is 1728\d\d s/);
  });

  it("carries the token generation (claim gen, 0 when absent) and refuses a bad one", async () => {
    const token = await signToken(secret, { role: "agent", agentId: "1001", generation: 3 });
    expect(await verifyTokenClaims(secret, token)).toEqual({ identity: { role: "agent", agentId: "1001", subject: "1001" }, generation: 3 });
    const far = Math.floor(Date.now() / 1000) + 3600;
    const plain = await new SignJWT({ role: "ops" }).setProtectedHeader({ alg: "HS256" }).setIssuer(tokenIssuer).setSubject("ops").setExpirationTime(far).sign(key);
    expect((await verifyTokenClaims(secret, plain)).generation).toBe(0);
    const odd = await new SignJWT({ role: "ops", gen: "1" }).setProtectedHeader({ alg: "HS256" }).setIssuer(tokenIssuer).setSubject("ops").setExpirationTime(far).sign(key);
    expect((await verifyError(odd)).message).toBe("token generation (gen) must be a whole number ≥ 0");
    await expect(signToken(secret, { role: "ops", generation: -1 })).rejects.toThrow(RangeError);
  });
});
