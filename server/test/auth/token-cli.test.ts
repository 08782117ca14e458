import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main, parseTtl } from "../../src/cli/token.js";
import { verifyToken, verifyTokenClaims } from "../../src/auth/token.js";
import { TokenGenerations } from "../../src/auth/token-generations.js";
import { createKeys } from "../../src/state/keys.js";
import { freePort } from "../../src/demo/local-redis.js";
import { testRedis } from "@acc/test-support";

const secret = "c".repeat(40);

async function run(args: string[], env: NodeJS.ProcessEnv = { AUTH_SECRET: secret }) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function payloadOf(token: string): Record<string, number> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, number>;
}

describe("token CLI", () => {
  it("prints only a token that verifies with the same secret", async () => {
    const { code, stdout, stderr } = await run(["--role", "agent", "--agent-id", "1001", "--ttl", "8h"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.trim();
    expect(await verifyToken(secret, token)).toEqual({ role: "agent", agentId: "1001", subject: "1001" });
    const payload = payloadOf(token);
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });

  it("accepts a ttl in plain seconds", async () => {
    const { stdout } = await run(["--role", "ops", "--ttl", "3600"]);
    const payload = payloadOf(stdout.trim());
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("exits 2 with one line on stderr for each usage or configuration mistake", async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [["--role", "ops"], {}, /AUTH_SECRET is not set/],
      [["--role", "ops"], { AUTH_SECRET: "short" }, /at least 32 bytes/],
      [["--role", "admin"], { AUTH_SECRET: secret }, /unknown role "admin"/],
      [["--role", "agent"], { AUTH_SECRET: secret }, /needs --agent-id/],
      [[], { AUTH_SECRET: secret }, /--role is required/],
      [["--role", "ops", "--ttl", "soon"], { AUTH_SECRET: secret }, /--ttl "soon"/],
      [["--role", "ops", "--bogus"], { AUTH_SECRET: secret }, /bogus/],
      [["--role", "ops", "--ttl", "25h"], { AUTH_SECRET: secret }, /longer than the 24 h a token may live/],
      [["--role", "ops", "--ttl", "2d"], { AUTH_SECRET: secret }, /longer than the 24 h a token may live/],
      [["--role", "ops", "--generation", "first"], { AUTH_SECRET: secret }, /--generation "first" is not a whole number/],
    ];
    for (const [args, env, message] of cases) {
      const result = await run(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("accepts the longest lifetime, 24 h", async () => {
    const { code, stdout } = await run(["--role", "supervisor", "--ttl", "24h"]);
    expect(code).toBe(0);
    const payload = payloadOf(stdout.trim());
    expect(payload.exp! - payload.iat!).toBe(24 * 3600);
  });

  it("signs the subject's current token generation: read from REDIS_URL, or --generation", async () => {
    const redis = testRedis();
    try {
      const generations = new TokenGenerations(redis.redis, createKeys(redis.prefix).tokenGenerations());
      await generations.revoke({ role: "agent", subject: "1001" });
      await generations.revoke({ role: "agent", subject: "1001" });
      const env = { AUTH_SECRET: secret, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix };
      const fromRedis = await run(["--role", "agent", "--agent-id", "1001"], env);
      expect(fromRedis.code).toBe(0);
      expect((await verifyTokenClaims(secret, fromRedis.stdout.trim())).generation).toBe(2);
      // Another subject's generation is its own.
      const other = await run(["--role", "agent", "--agent-id", "1002"], env);
      expect((await verifyTokenClaims(secret, other.stdout.trim())).generation).toBe(0);
      const given = await run(["--role", "ops", "--generation", "7"]);
      expect((await verifyTokenClaims(secret, given.stdout.trim())).generation).toBe(7);
    } finally {
      await redis.cleanup();
    }
  });

  it("exits 3 when REDIS_URL does not answer, printing no token", async () => {
    const result = await run(["--role", "ops"], { AUTH_SECRET: secret, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/cannot read the token generation from REDIS_URL/);
  });

  it("parses lifetimes with units", () => {
    expect([parseTtl("45"), parseTtl("30s"), parseTtl("30m"), parseTtl("8h"), parseTtl("2d")]).toEqual([45, 30, 1800, 28800, 172800]);
    expect([parseTtl("0"), parseTtl("-5"), parseTtl("1.5h"), parseTtl("h")]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("runs as a process: token on stdout, exit 0; bad role exits 2", async () => {
    // The workspace packages resolve to their TypeScript source, as in every other test.
    const script = fileURLToPath(new URL("../../src/cli/token.ts", import.meta.url));
    const exec = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", script, ...args], { env: { ...process.env, AUTH_SECRET: secret } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await exec(["--role", "supervisor"]);
    expect(ok.code).toBe(0);
    expect(await verifyToken(secret, ok.stdout.trim())).toEqual({ role: "supervisor", subject: "supervisor" });
    const bad = await exec(["--role", "root"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown role "root"/);
  });
});
