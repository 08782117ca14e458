import { describe, expect, it } from "vitest";
import { decodeTokenClaims, expiryProblem } from "../src/connection/token.js";

describe("token claims", () => {
  const encode = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.s`;

  it("reads role, agent id and expiry", () => {
    expect(decodeTokenClaims(encode({ role: "agent", agentId: "agent-1001", exp: 100 }))).toEqual({ role: "agent", agentId: "agent-1001", exp: 100 });
    expect(decodeTokenClaims(encode({ role: "ops" }))).toEqual({ role: "ops" });
  });

  it("refuses what is not a screen token", () => {
    expect(decodeTokenClaims("nonsense")).toBeNull();
    expect(decodeTokenClaims(encode({ role: "admin" }))).toBeNull();
    expect(decodeTokenClaims(encode({ role: "agent" }))).toBeNull();
  });

  it("says when the token has expired", () => {
    expect(expiryProblem({ role: "ops", exp: 100 }, 100_000)).toMatch(/expired at 1970-01-01T00:01:40.000Z/);
    expect(expiryProblem({ role: "ops", exp: 100 }, 99_999)).toBeNull();
    expect(expiryProblem({ role: "ops" }, 0)).toBeNull();
  });
});
