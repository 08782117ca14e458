import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript source, so tests never run against a stale build.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: { name: "chaos", include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 },
});
