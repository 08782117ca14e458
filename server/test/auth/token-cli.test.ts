import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main, parseTtl } from "../../src/cli/token.js";
import { verifyToken } from "../../src/auth/token.js";

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
    ];
    for (const [args, env, message] of cases) {
      const result = await run(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
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
