import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript source, so tests never run against a stale build.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "server",
    include: ["test/**/*.test.ts"],
    globalSetup: ["../test-support/src/redis-server.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
