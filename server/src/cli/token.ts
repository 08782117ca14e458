/**
 * `npm run -s token -- --role agent --agent-id 1001 [--ttl 8h]`: prints a signed token for a screen,
 * and nothing else, so it can be captured with `$(...)`. The secret comes from AUTH_SECRET.
 * The token carries its subject's current token generation (see `auth/token-generations.ts`):
 * read from Redis when REDIS_URL is set (keys under REDIS_PREFIX), else `--generation`, else 0.
 * Exit codes: 0 printed, 2 bad usage or configuration, 3 Redis could not be read.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { ClientRole } from "@acc/shared-types";
import { TokenGenerations } from "../auth/token-generations.js";
import { defaultTokenTtlSeconds, maxTokenTtlSeconds, secretKey, signToken, type Role } from "../auth/token.js";
import { createKeys, DEFAULT_KEY_PREFIX } from "../state/keys.js";

const usage =
  "usage: npm run -s token -- --role agent|supervisor|ops [--agent-id <id>] [--ttl <seconds>|<n>s|<n>m|<n>h, at most 24h] [--generation <n>]";

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a lifetime: a whole number of seconds ("3600") or a number with a unit s, m, h or d ("8h").
 * @returns seconds, or undefined when `text` is not a positive lifetime.
 */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (unitSeconds[match[2] || "s"] ?? 1);
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** Where the command writes; the process streams in real use, buffers in tests. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs the command: validates arguments and AUTH_SECRET, prints the token and a newline on stdout.
 * Every failure is one line on stderr.
 * @param args the arguments after the script name.
 * @returns the exit code: 0 on success, 2 on bad usage or a missing/short AUTH_SECRET.
 */
export async function main(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const fail = (message: string): number => {
    output.stderr(`token: ${message}\n`);
    return 2;
  };
  let values: { role?: string; "agent-id"?: string; ttl?: string; generation?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { role: { type: "string" }, "agent-id": { type: "string" }, ttl: { type: "string" }, generation: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}; ${usage}`);
  }
  const secret = env.AUTH_SECRET;
  if (secret === undefined || secret === "") return fail("AUTH_SECRET is not set in the environment");
  try {
    secretKey(secret);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values.role === undefined) return fail(`--role is required; ${usage}`);
  const parsedRole = ClientRole.safeParse(values.role);
  if (!parsedRole.success) return fail(`unknown role "${values.role}"; expected one of ${ClientRole.options.join(", ")}`);
  const role = parsedRole.data;
  const agentId = values["agent-id"];
  if (role === "agent" && (agentId === undefined || agentId === "")) return fail("an agent token needs --agent-id <id>");
  if (agentId === "") return fail("--agent-id must not be empty");
  let ttlSeconds = defaultTokenTtlSeconds;
  if (values.ttl !== undefined) {
    const parsed = parseTtl(values.ttl);
    if (parsed === undefined) return fail(`--ttl "${values.ttl}" is not a lifetime like 3600, 30m or 8h`);
    if (parsed > maxTokenTtlSeconds) return fail(`--ttl "${values.ttl}" is longer than the 24 h a token may live`);
    ttlSeconds = parsed;
  }
  let generation = 0;
  if (values.generation !== undefined) {
    if (!/^\d{1,15}$/.test(values.generation)) return fail(`--generation "${values.generation}" is not a whole number ≥ 0`);
    generation = Number(values.generation);
  } else if (env.REDIS_URL) {
    try {
      generation = await currentGeneration(env.REDIS_URL, env.REDIS_PREFIX || DEFAULT_KEY_PREFIX, role, agentId ?? role);
    } catch (error) {
      output.stderr(`token: cannot read the token generation from REDIS_URL: ${error instanceof Error ? error.message : String(error)}\n`);
      return 3;
    }
  }
  const token = await signToken(secret, agentId === undefined ? { role, generation } : { role, agentId, generation }, ttlSeconds);
  output.stdout(`${token}\n`);
  return 0;
}

/** The subject's token generation in the Redis at `url`; fails fast when Redis does not answer. */
async function currentGeneration(url: string, prefix: string, role: Role, subject: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return await new TokenGenerations(redis, createKeys(prefix).tokenGenerations()).current({ role, subject });
  } finally {
    redis.disconnect();
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await main(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
