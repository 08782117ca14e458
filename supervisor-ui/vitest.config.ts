import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript source, as in the server's tests.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "supervisor-ui",
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["../test-support/src/redis-server.ts", "test/support/chromium.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
