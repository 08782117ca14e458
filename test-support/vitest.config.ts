import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript source, as in the server's tests.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "test-support",
    include: ["test/**/*.test.ts"],
    globalSetup: ["src/redis-server.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
