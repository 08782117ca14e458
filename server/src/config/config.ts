/**
 * Server configuration, read from the environment and validated with zod at start.
 *
 * A bad value stops the start with one line that names the variable and what it must be
 * (see `ConfigError`). Durations are in seconds where the variable name ends in `_S`.
 */
import { z } from "zod";
import { DEMO_AUTH_SECRET, weakSecretReason } from "./secret-policy.js";

export { DEMO_AUTH_SECRET } from "./secret-policy.js";

/** Default HTTP rate limit: 300 requests per minute per client address (a screen loads `/` with a handful of assets). */
export const defaultHttpRateLimitPerMinute = 300;

const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be greater than 0`)
    .default(fallback);

const nonNegativeInt = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0 (no limit) or more`)
    .default(fallback);

const percent = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be a percentage from 0 to 100`)
    .max(100, `${name} must be a percentage from 0 to 100`)
    .default(fallback);

const envSchema = z.object({
  ARI_URL: z.url({ error: "ARI_URL must be a URL such as http://127.0.0.1:8088" }).optional(),
  ARI_USERNAME: z.string().min(1, "ARI_USERNAME must not be empty").default("asterisk"),
  ARI_PASSWORD: z.string().min(1, "ARI_PASSWORD must not be empty").default("asterisk"),
  ARI_APP: z.string().regex(/^[A-Za-z0-9_.-]+$/, "ARI_APP may hold letters, digits, _ . - only").default("contact-center"),
  REDIS_URL: z.url({ error: "REDIS_URL must be a URL such as redis://127.0.0.1:6379" }).optional(),
  REDIS_PREFIX: z.string().min(1).default("acc:"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number({ error: "PORT must be a number" }).int().min(0).max(65535, "PORT must be at most 65535").default(3000),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  AGENTS_FILE: z.string().min(1).default("server/agents.example.json"),
  QUEUES_FILE: z.string().min(1).default("server/queues.example.json"),
  AGENT_ENDPOINT: z
    .string()
    .refine((t) => t.includes("{extension}"), "AGENT_ENDPOINT must contain {extension}, e.g. PJSIP/{extension}")
    .default("PJSIP/{extension}"),
  RING_TIMEOUT_S: positiveInt("RING_TIMEOUT_S", 20),
  STATS_INTERVAL_S: positiveInt("STATS_INTERVAL_S", 30),
  PRESENCE_GRACE_S: positiveInt("PRESENCE_GRACE_S", 30),
  SCREEN_LEASE_S: positiveInt("SCREEN_LEASE_S", 15),
  EVENT_LOG_MAX_LENGTH: positiveInt("EVENT_LOG_MAX_LENGTH", 10_000),
  ALLOWED_ORIGINS: z
    .string()
    .transform((list) => list.split(",").map((origin) => origin.trim()).filter((origin) => origin !== ""))
    .refine((origins) => origins.every((o) => o === "*" || /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(o)), "ALLOWED_ORIGINS must be a comma-separated list of origins such as https://wallboard.example.com, or *")
    .default([]),
  WS_MAX_CONNECTIONS_PER_ADDRESS: nonNegativeInt("WS_MAX_CONNECTIONS_PER_ADDRESS", 1000),
  WS_MAX_CONNECTIONS_PER_IDENTITY: nonNegativeInt("WS_MAX_CONNECTIONS_PER_IDENTITY", 10),
  SERVICE_LEVEL_TARGET_PCT: percent("SERVICE_LEVEL_TARGET_PCT", 80),
  SERVICE_LEVEL_WARN_PCT: percent("SERVICE_LEVEL_WARN_PCT", 70),
  ABANDON_RATE_TARGET_PCT: percent("ABANDON_RATE_TARGET_PCT", 5),
  ABANDON_RATE_WARN_PCT: percent("ABANDON_RATE_WARN_PCT", 10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HTTP_RATE_LIMIT: z.coerce
    .number({ error: "HTTP_RATE_LIMIT must be a whole number" })
    .int("HTTP_RATE_LIMIT must be a whole number")
    .min(0, "HTTP_RATE_LIMIT must be 0 (off) or more")
    .default(defaultHttpRateLimitPerMinute),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
});

/** Validated configuration. `ariUrl` undefined means demo mode (built-in simulator). */
export interface Config {
  ariUrl: string | undefined;
  ariUsername: string;
  ariPassword: string;
  ariApp: string;
  /** undefined in demo mode means "start a private redis-server". */
  redisUrl: string | undefined;
  redisPrefix: string;
  host: string;
  port: number;
  authSecret: string;
  agentsFile: string;
  /** Path of the queue configuration (see `queues/queue-config.ts`). */
  queuesFile: string;
  agentEndpoint: string;
  ringTimeoutS: number;
  statsIntervalS: number;
  /** Seconds an agent with no screen left keeps its status before it goes offline. */
  presenceGraceS: number;
  /** Seconds a process's claim on its agents' screens lasts without renewal (a crashed process's agents go offline after lease + grace). */
  screenLeaseS: number;
  /** Approximate number of events the event log keeps (XADD MAXLEN ~). */
  eventLogMaxLength: number;
  /** Origins allowed to open /ws besides the server's own (`*`: any); see `ws/origin-check.ts`. */
  allowedOrigins: string[];
  /** WebSockets per remote address and per identity, per server process (0: no cap). */
  maxConnectionsPerAddress: number;
  maxConnectionsPerIdentity: number;
  /**
   * The dashboard's colours (%): service level green at or above `serviceLevel.target`, amber at or
   * above `serviceLevel.warn`, red below; abandon rate green at or below `abandonRate.target`, amber
   * at or below `abandonRate.warn`, red above.
   */
  thresholds: { serviceLevel: { target: number; warn: number }; abandonRate: { target: number; warn: number } };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** HTTP requests per minute per client address (0: no limit); see `http/rate-limit.ts`. */
  httpRateLimitPerMinute: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <metricsToken>`; otherwise it is open. */
  metricsToken: string | undefined;
}

/** Thrown by `loadConfig`; its message is the one line to print. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and validates the configuration.
 * @param env the environment (default `process.env`).
 * @throws ConfigError naming the first bad variable; outside demo mode a missing AUTH_SECRET
 *   or REDIS_URL is an error too, and so is a weak AUTH_SECRET (see `secret-policy.ts`).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue.message}`);
  }
  const e = parsed.data;
  const demo = e.ARI_URL === undefined;
  if (!demo && e.AUTH_SECRET === undefined) {
    throw new ConfigError("Invalid configuration: AUTH_SECRET is required when ARI_URL is set (at least 32 characters)");
  }
  if (e.SERVICE_LEVEL_WARN_PCT > e.SERVICE_LEVEL_TARGET_PCT) {
    throw new ConfigError("Invalid configuration: SERVICE_LEVEL_WARN_PCT must not be above SERVICE_LEVEL_TARGET_PCT");
  }
  if (e.ABANDON_RATE_WARN_PCT < e.ABANDON_RATE_TARGET_PCT) {
    throw new ConfigError("Invalid configuration: ABANDON_RATE_WARN_PCT must not be below ABANDON_RATE_TARGET_PCT");
  }
  const weakSecret = !demo && e.AUTH_SECRET !== undefined ? weakSecretReason(e.AUTH_SECRET) : null;
  if (weakSecret) throw new ConfigError(`Invalid configuration: ${weakSecret}`);
  if (!demo && e.REDIS_URL === undefined) {
    throw new ConfigError("Invalid configuration: REDIS_URL is required when ARI_URL is set, e.g. redis://127.0.0.1:6379");
  }
  return {
    ariUrl: e.ARI_URL,
    ariUsername: e.ARI_USERNAME,
    ariPassword: e.ARI_PASSWORD,
    ariApp: e.ARI_APP,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    host: e.HOST,
    port: e.PORT,
    authSecret: e.AUTH_SECRET ?? DEMO_AUTH_SECRET,
    agentsFile: e.AGENTS_FILE,
    queuesFile: e.QUEUES_FILE,
    agentEndpoint: e.AGENT_ENDPOINT,
    ringTimeoutS: e.RING_TIMEOUT_S,
    statsIntervalS: e.STATS_INTERVAL_S,
    presenceGraceS: e.PRESENCE_GRACE_S,
    screenLeaseS: e.SCREEN_LEASE_S,
    eventLogMaxLength: e.EVENT_LOG_MAX_LENGTH,
    allowedOrigins: e.ALLOWED_ORIGINS,
    maxConnectionsPerAddress: e.WS_MAX_CONNECTIONS_PER_ADDRESS,
    maxConnectionsPerIdentity: e.WS_MAX_CONNECTIONS_PER_IDENTITY,
    thresholds: {
      serviceLevel: { target: e.SERVICE_LEVEL_TARGET_PCT, warn: e.SERVICE_LEVEL_WARN_PCT },
      abandonRate: { target: e.ABANDON_RATE_TARGET_PCT, warn: e.ABANDON_RATE_WARN_PCT },
    },
    logLevel: e.LOG_LEVEL,
    httpRateLimitPerMinute: e.HTTP_RATE_LIMIT,
    metricsToken: e.METRICS_TOKEN,
  };
}
