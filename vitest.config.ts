import { defineConfig } from "vitest/config";

// One run covers every workspace; each workspace's own vitest.config.ts sets its environment.
export default defineConfig({
  test: {
    projects: ["shared-types", "ari-simulator", "server", "test-support", "client", "supervisor-ui", "test", "chaos"],
  },
});
