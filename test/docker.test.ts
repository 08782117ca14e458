/**
 * The deployment files, checked without a Docker engine: `docker/compose.yaml` against the
 * Compose Specification's JSON Schema (ajv) plus the stack's own rules (health checks, start
 * order, mounted files that exist and load), and `docker/Dockerfile` with dockerfile-utils' linter
 * plus rules for this repository (every workspace manifest copied before `npm ci`, every COPY
 * source present and not excluded by `.dockerignore`, a non-root user, the built entry point).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import dockerignore from "@balena/dockerignore";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate as lintDockerfile } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readQueuesFile } from "../server/src/queues/queue-config.js";
import { readRosterFile } from "../server/src/roster/roster-file.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const dockerDir = join(root, "docker");
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
};
type Compose = { services: Record<string, Service> };

const composeText = readFileSync(join(dockerDir, "compose.yaml"), "utf8");
const compose = (): Compose => parseYaml(composeText) as Compose;

function composeValidator() {
  // The schema names its meta-schema by an https URL ajv does not know; draft-07 is ajv's default anyway.
  const { $schema: _dropped, ...schema } = JSON.parse(readFileSync(join(root, "test/fixtures/compose-spec.json"), "utf8"));
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const check = ajv.compile(schema);
  return (document: unknown) => ({ valid: check(document), errors: ajv.errorsText(check.errors) });
}

/** Bind mounts of a service: `source:target[:mode]` with a relative source, resolved against docker/. */
function bindMounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? [])
    .map((volume) => {
      // A `${NAME:-default}` source holds a colon of its own.
      const sourceEnd = volume.startsWith("${") ? volume.indexOf("}") + 1 : volume.indexOf(":");
      return [volume.slice(0, sourceEnd), volume.slice(sourceEnd + 1).split(":")[0]!] as const;
    })
    .filter(([source]) => source.startsWith(".") || source.startsWith("${"))
    .map(([source, target]) => ({ source: resolve(dockerDir, defaultOf(source)), target }));
}

/** `${NAME:-default}` → `default`; anything else as is. */
function defaultOf(value: string): string {
  return /^\$\{[A-Z_]+:-(.+)\}$/.exec(value)?.[1] ?? value;
}

describe("docker/compose.yaml", () => {
  it("is a valid Compose file (Compose Specification JSON Schema)", () => {
    const result = composeValidator()(compose());
    expect(result.errors).toBe("No errors");
    expect(result.valid).toBe(true);
  });

  it("the schema check refuses a wrong start condition and an unknown key", () => {
    const validate = composeValidator();
    const badCondition = compose();
    badCondition.services.server!.depends_on!.redis!.condition = "service_ready";
    expect(validate(badCondition).valid).toBe(false);
    const unknownKey = compose() as Compose & { services: Record<string, Service & { healthcheck_command?: string }> };
    unknownKey.services.redis!.healthcheck_command = "redis-cli ping";
    expect(validate(unknownKey).valid).toBe(false);
  });

  it("runs Redis, the server and Asterisk 20, each with a health check", () => {
    const { services } = compose();
    expect(Object.keys(services).sort()).toEqual(["asterisk", "redis", "server"]);
    expect(services.asterisk!.image).toMatch(/^andrius\/asterisk:20(\.|$)/);
    expect(services.redis!.healthcheck!.test).toEqual(["CMD", "redis-cli", "ping"]);
    expect(services.asterisk!.healthcheck!.test.join(" ")).toMatch(/asterisk -rx 'core show uptime'.*\/ari\/asterisk\/ping/);
    expect(services.server!.healthcheck!.test.join(" ")).toContain("http://127.0.0.1:3000/health");
  });

  it("starts the server only once Redis and Asterisk are healthy, and points it at them", () => {
    const server = compose().services.server!;
    expect(server.depends_on).toEqual({ redis: { condition: "service_healthy" }, asterisk: { condition: "service_healthy" } });
    expect(server.environment).toMatchObject({ ARI_URL: "http://asterisk:8088", REDIS_URL: "redis://redis:6379" });
    expect(server.build).toEqual({ context: "..", dockerfile: "docker/Dockerfile" });
  });

  it("mounts every file of asterisk-config/ into Asterisk's /etc/asterisk", () => {
    const mounts = bindMounts(compose().services.asterisk!);
    const configFiles = ["ari.conf", "extensions.conf", "http.conf", "pjsip.conf", "rtp.conf"];
    expect(mounts.map((m) => relative(root, m.source)).sort()).toEqual(configFiles.map((f) => `asterisk-config/${f}`));
    for (const mount of mounts) expect(mount.target).toBe(`/etc/asterisk/${mount.source.split("/").pop()}`);
  });

  it("mounts the roster and the queues where AGENTS_FILE and QUEUES_FILE point, and both files load", async () => {
    const server = compose().services.server!;
    const mounts = bindMounts(server);
    const sourceOf = (target: string | undefined) => mounts.find((m) => m.target === target)?.source;
    const roster = sourceOf(server.environment!.AGENTS_FILE);
    const queues = sourceOf(server.environment!.QUEUES_FILE);
    expect(roster && existsSync(roster)).toBe(true);
    expect(queues && existsSync(queues)).toBe(true);
    expect((await readRosterFile(roster!)).length).toBeGreaterThan(0);
    expect((await readQueuesFile(queues!)).length).toBeGreaterThan(0);
  });

  it("every bind-mounted file exists in the repository", () => {
    for (const service of Object.values(compose().services)) {
      for (const mount of bindMounts(service)) expect(existsSync(mount.source), mount.source).toBe(true);
    }
  });
});

describe("asterisk-config/", () => {
  it("has a PJSIP WebSocket transport for browser phones, and a WebRTC endpoint that uses it", () => {
    const pjsip = readFileSync(join(root, "asterisk-config/pjsip.conf"), "utf8");
    expect(pjsip).toMatch(/\[transport-ws\]\ntype = transport\nprotocol = ws\n/);
    expect(pjsip).toMatch(/\[agent-webrtc-template\]\(!,agent-template\)\nwebrtc = yes\n/);
    expect(pjsip).toMatch(/^\[1003\]\(agent-webrtc-template\)$/m);
  });

  it("keeps RTP within the ports the compose file publishes", () => {
    const rtp = readFileSync(join(root, "asterisk-config/rtp.conf"), "utf8");
    const [start, end] = [/rtpstart = (\d+)/.exec(rtp)![1], /rtpend = (\d+)/.exec(rtp)![1]];
    expect(composeText).toContain(`"${start}-${end}:${start}-${end}/udp"`);
  });
});

describe("docker/Dockerfile", () => {
  const text = readFileSync(join(dockerDir, "Dockerfile"), "utf8");
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const args = (instruction: Instruction) => instruction.getArguments().map((a) => a.getValue());
  const ignore = dockerignore().add(readFileSync(join(root, ".dockerignore"), "utf8").split("\n"));

  it("passes dockerfile-utils' linter with no problem", () => {
    expect(lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("the linter finds a broken instruction (so the check above can fail)", () => {
    expect(lintDockerfile(`${text}\nCOPY\n`).length).toBeGreaterThan(0);
  });

  it("builds on Node 20, the oldest Node the project supports", () => {
    const images = dockerfile.getFROMs().map((from) => from.getImageName() + ":" + from.getImageTag());
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:20-/);
  });

  it("copies every workspace's package.json before npm ci", () => {
    const workspaces = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    const npmCi = instructions.findIndex((i) => i.getKeyword() === "RUN" && args(i).join(" ") === "npm ci");
    expect(npmCi).toBeGreaterThan(0);
    const copiedBefore = instructions.slice(0, npmCi).filter((i) => i.getKeyword() === "COPY").flatMap((i) => args(i).slice(0, -1));
    for (const file of ["package.json", "package-lock.json", ...workspaces.map((w) => `${w}/package.json`)]) expect(copiedBefore).toContain(file);
  });

  it("copies only sources that exist in the build context and that .dockerignore keeps", () => {
    const fromContext = instructions.filter((i) => i.getKeyword() === "COPY" && !i.getTextContent().includes("--from="));
    for (const copy of fromContext) {
      for (const source of args(copy).slice(0, -1).filter((s) => s !== ".")) {
        expect(existsSync(join(root, source)), source).toBe(true);
        expect(ignore.ignores(source), `${source} is excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it("keeps dependencies, build output and the git history out of the build context", () => {
    for (const path of ["node_modules/zod/package.json", "server/node_modules/x", "server/dist/main.js", ".git/HEAD"]) expect(ignore.ignores(path), path).toBe(true);
    for (const path of ["server/src/main.ts", "server/agents.example.json", "supervisor-ui/index.html", "package-lock.json"]) expect(ignore.ignores(path), path).toBe(false);
  });

  it("runs the built server as a non-root user", () => {
    const lastStage = instructions.slice(instructions.lastIndexOf(dockerfile.getFROMs().at(-1)!));
    expect(lastStage.filter((i) => i.getKeyword() === "USER").map(args).at(-1)).toEqual(["node"]);
    const cmd = lastStage.find((i) => i.getKeyword() === "CMD")!;
    expect(JSON.parse(cmd.getArgumentsContent()!)).toEqual(["node", "server/dist/main.js"]);
    // tsc -b server compiles server/src/main.ts to that path.
    expect(existsSync(join(root, "server/src/main.ts"))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, "server/tsconfig.json"), "utf8")).compilerOptions).toMatchObject({ rootDir: "src", outDir: "dist" });
  });
});
