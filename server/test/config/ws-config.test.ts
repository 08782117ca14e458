/** The WebSocket and presence variables: defaults, lists, 0 as "no cap", and the one-line errors. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";

describe("WebSocket and presence configuration", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toMatchObject({
      presenceGraceS: 30,
      screenLeaseS: 15,
      eventLogMaxLength: 10_000,
      allowedOrigins: [],
      maxConnectionsPerAddress: 1000,
      maxConnectionsPerIdentity: 10,
    });
  });

  it("reads a list of origins, * and 0 for no cap", () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: " https://wallboard.example.com, http://10.0.0.7:8080 ,*",
      WS_MAX_CONNECTIONS_PER_ADDRESS: "0",
      WS_MAX_CONNECTIONS_PER_IDENTITY: "3",
      PRESENCE_GRACE_S: "5",
      EVENT_LOG_MAX_LENGTH: "500",
    });
    expect(config).toMatchObject({
      allowedOrigins: ["https://wallboard.example.com", "http://10.0.0.7:8080", "*"],
      maxConnectionsPerAddress: 0,
      maxConnectionsPerIdentity: 3,
      presenceGraceS: 5,
      eventLogMaxLength: 500,
    });
  });

  it.each([
    [{ ALLOWED_ORIGINS: "wallboard.example.com" }, /^Invalid configuration: ALLOWED_ORIGINS: ALLOWED_ORIGINS must be a comma-separated list of origins/],
    [{ ALLOWED_ORIGINS: "https://a.example/path" }, /^Invalid configuration: ALLOWED_ORIGINS: /],
    [{ WS_MAX_CONNECTIONS_PER_ADDRESS: "-1" }, /^Invalid configuration: WS_MAX_CONNECTIONS_PER_ADDRESS: WS_MAX_CONNECTIONS_PER_ADDRESS must be 0 \(no limit\) or more$/],
    [{ PRESENCE_GRACE_S: "0" }, /^Invalid configuration: PRESENCE_GRACE_S: PRESENCE_GRACE_S must be greater than 0$/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
