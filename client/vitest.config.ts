import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript source, as in the server's tests.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "client",
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["../test-support/src/redis-server.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
