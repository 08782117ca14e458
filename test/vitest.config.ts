import { defineConfig } from "vitest/config";

// Checks of the repository as a whole: dependencies, container recipe, deployment files.
export default defineConfig({
  test: { name: "repository", include: ["**/*.test.ts"], testTimeout: 20_000 },
});
