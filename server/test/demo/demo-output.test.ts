/**
 * The demo as a user sees it: `main.ts` with no ARI_URL, in a child process (its own Redis, the
 * simulator and traffic), read from its standard output. The screen links are printed, every log
 * line is a human line (no pino JSON among the event lines), and ari-client's Swagger notice is
 * not printed. Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops it
 * cleanly: the private Redis outlives the server's shutdown, so no Redis connection error follows
 * "stopping" (a call caught half-way by the shutdown may still log its own warning).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/demo/local-redis.js";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

describe("demo output", () => {
  it("prints the links, human log lines and event lines, and no JSON or Swagger notice", async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: "info" };
    for (const name of ["ARI_URL", "REDIS_URL", "AUTH_SECRET"]) delete env[name];
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "server/src/main.ts"], {
      cwd: repositoryRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so the test can signal the group as a terminal's Ctrl-C does.
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    const eventLine = /^\d{2}:\d{2}:\d{2} (call_incoming|agent_status_updated|system_stats) /gm;
    const deadline = Date.now() + 40_000;
    while ((stdout.match(eventLine) ?? []).length < 3 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.kill(-child.pid!, "SIGINT");
    expect(await exited, stderr).toBe(0);

    const lines = stdout.split("\n").filter((line) => line.trim() !== "");
    expect((stdout.match(eventLine) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(stdout).toContain("Open the screens in a browser:");
    expect(lines.filter((line) => /^ {2}(Agent .*yours to drive|Supervisor dashboard|Ops view): http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line))).toHaveLength(3);
    expect(lines.filter((line) => line.trimStart().startsWith("{"))).toEqual([]);
    expect(lines.some((line) => /^\[\d{2}:\d{2}:\d{2}\] INFO: ARI connection state/.test(line))).toBe(true);
    expect(stdout).not.toContain("deprecated version of Swagger");
    const afterStop = lines.slice(lines.findIndex((line) => /INFO: stopping/.test(line)));
    expect(afterStop.length).toBeGreaterThan(0);
    expect(afterStop.filter((line) => /^\[\d{2}:\d{2}:\d{2}\] (WARN|ERROR): Redis connection error/.test(line))).toEqual([]);
  }, 60_000);
});
