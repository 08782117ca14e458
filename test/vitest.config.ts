import { defineConfig } from "vitest/config";

// Checks of the repository as a whole: dependencies, contract references, deployment files.
export default defineConfig({
  // Workspace packages resolve to their TypeScript source, so tests never run against a stale build.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: { name: "repository", include: ["**/*.test.ts"], testTimeout: 20_000 },
});
