import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_AUTH_SECRET, loadConfig } from "../../src/config/config.js";

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
      AUTH_SECRET: "x".repeat(32),
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
    [{ ARI_URL: "http://127.0.0.1:8088", AUTH_SECRET: "x".repeat(32) }, /REDIS_URL is required when ARI_URL is set/],
    [{ AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32 characters/],
  ])("stops with one clear line for %j", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
