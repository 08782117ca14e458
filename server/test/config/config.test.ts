import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_AUTH_SECRET, loadConfig } from "../../src/config/config.js";
import { configWarnings, estimatedEntropyBits, weakSecretReason } from "../../src/config/secret-policy.js";

/** A secret as `openssl rand -hex 32` makes one. */
const strongSecret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const real = { ARI_URL: "http://127.0.0.1:8088", REDIS_URL: "redis://127.0.0.1:6379" };

describe("configuration", () => {
  it("runs the demo with defaults when ARI_URL is unset", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ ariUrl: undefined, ariApp: "contact-center", agentEndpoint: "PJSIP/{extension}", ringTimeoutS: 20, statsIntervalS: 30, authSecret: DEMO_AUTH_SECRET });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      ARI_URL: "http://10.0.0.5:8088",
      ARI_USERNAME: "u",
      ARI_PASSWORD: "p",
      ARI_APP: "cc",
      REDIS_URL: "redis://127.0.0.1:6380",
      HOST: "0.0.0.0",
      PORT: "8080",
      AUTH_SECRET: strongSecret,
      AGENTS_FILE: "/etc/agents.json",
      AGENT_ENDPOINT: "Local/{extension}@agents",
      RING_TIMEOUT_S: "15",
      STATS_INTERVAL_S: "10",
    });
    expect(config).toMatchObject({ ariUrl: "http://10.0.0.5:8088", port: 8080, ringTimeoutS: 15, statsIntervalS: 10, agentEndpoint: "Local/{extension}@agents" });
  });

  it.each([
    [{ PORT: "eighty" }, /^Invalid configuration: PORT: /],
    [{ RING_TIMEOUT_S: "0" }, /^Invalid configuration: RING_TIMEOUT_S: RING_TIMEOUT_S must be greater than 0$/],
    [{ AGENT_ENDPOINT: "PJSIP/1001" }, /AGENT_ENDPOINT must contain \{extension\}/],
    [{ ARI_URL: "not a url" }, /^Invalid configuration: ARI_URL: /],
    [{ ARI_URL: "http://127.0.0.1:8088", REDIS_URL: "redis://127.0.0.1:6379" }, /AUTH_SECRET is required when ARI_URL is set/],
    [{ ARI_URL: "http://127.0.0.1:8088", AUTH_SECRET: strongSecret }, /REDIS_URL is required when ARI_URL is set/],
    [{ ...real, AUTH_SECRET: DEMO_AUTH_SECRET }, /AUTH_SECRET is the demo secret published in the source/],
    [{ ...real, AUTH_SECRET: "a".repeat(32) }, /AUTH_SECRET repeats a shorter string/],
    [{ ...real, AUTH_SECRET: "password".repeat(4) }, /AUTH_SECRET repeats a shorter string/],
    [{ ...real, AUTH_SECRET: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" }, /AUTH_SECRET has too little entropy \(about 6 bits, at least 80 needed\)/],
    [{ HTTP_RATE_LIMIT: "-1" }, /HTTP_RATE_LIMIT must be 0 \(off\) or more/],
    [{ METRICS_TOKEN: "short" }, /METRICS_TOKEN must be at least 16 characters/],
    [{ AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32 characters/],
  ])("stops with one clear line for %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("keeps the demo secret in the demo, and accepts random secrets outside it", () => {
    expect(loadConfig({ AUTH_SECRET: DEMO_AUTH_SECRET }).authSecret).toBe(DEMO_AUTH_SECRET);
    expect(loadConfig({ ...real, AUTH_SECRET: strongSecret }).authSecret).toBe(strongSecret);
    // openssl rand -hex 16: 128 random bits in 32 characters, the shortest secret accepted.
    expect(weakSecretReason("3f2a9c0e7b41d86a5e0f19c4b27d83a6")).toBeNull();
    expect(weakSecretReason("kq8Zt3VxR1pW6mNc0bYs2uLf9hJd4gAe7TnE5oKi")).toBeNull();
    expect(estimatedEntropyBits("a".repeat(32))).toBe(0);
  });

  it("defaults to a 300 per minute HTTP limit and an open /metrics", () => {
    expect(loadConfig({})).toMatchObject({ httpRateLimitPerMinute: 300, metricsToken: undefined });
    expect(loadConfig({ HTTP_RATE_LIMIT: "0", METRICS_TOKEN: "m".repeat(16) })).toMatchObject({ httpRateLimitPerMinute: 0, metricsToken: "m".repeat(16) });
  });

  it("warns about the default asterisk/asterisk ARI credentials against a real Asterisk only", () => {
    expect(configWarnings(loadConfig({ ...real, AUTH_SECRET: strongSecret }))).toEqual([expect.stringMatching(/default asterisk\/asterisk/)]);
    expect(configWarnings(loadConfig({ ...real, AUTH_SECRET: strongSecret, ARI_PASSWORD: "s3cret-ari" }))).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });
});
