/**
 * The import graph of `server/src`, read by madge from the TypeScript sources: no file reaches
 * itself through its imports, and no folder imports one above it. The layers are those of
 * `docs/architecture.md`; type-only imports count, since they couple the code just as much.
 */
import { fileURLToPath } from "node:url";
import madge from "madge";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));
const tsConfig = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));

/**
 * What each folder of `server/src` may import from the others: the layers of
 * `docs/architecture.md` and of each folder's README. The entry files (`app.ts`, `main.ts`,
 * `index.ts`) sit on top and are checked for cycles only, as is a folder not listed yet.
 */
const mayImport: Record<string, readonly string[]> = {
  ari: [],
  auth: [],
  config: [],
  state: [],
  roster: ["auth", "config", "state"],
  queues: ["config", "state"],
  calls: ["ari", "auth", "queues", "state"],
  recovery: ["ari", "calls", "state"],
  ws: ["auth", "calls", "state"],
  "system-state": ["auth", "queues", "state"],
  "system-stats": ["queues", "state", "ws"],
  http: ["auth", "roster", "state", "system-stats"],
  cli: ["auth", "state"],
  metrics: [],
  demo: ["app.ts", "auth", "config", "roster"],
};

/** The import graph of `server/src`: paths relative to it, e.g. `calls/finish.ts`. */
const importGraph = () => madge(srcDir, { fileExtensions: ["ts"], tsConfig, detectiveOptions: { ts: { skipTypeImports: false } } });

const folderOf = (file: string): string => (file.includes("/") ? file.slice(0, file.indexOf("/")) : file);

describe("server/src imports", () => {
  it("has no import cycle", async () => {
    const result = await importGraph();
    const graph = result.obj();
    // A graph that failed to resolve the `.js` specifiers of the sources would show no cycle for the wrong reason.
    expect(graph["calls/finish.ts"]).toContain("calls/announcements.ts");
    expect(result.circular()).toEqual([]);
  });

  it("runs no import from a lower layer back up", async () => {
    const graph = (await importGraph()).obj();
    const upward: string[] = [];
    for (const [file, deps] of Object.entries(graph)) {
      const folder = folderOf(file);
      if (folder.endsWith(".ts")) continue;
      const allowed = mayImport[folder];
      // A folder not yet in the table is checked for cycles only; no listed folder may import it.
      if (!allowed) continue;
      for (const dep of deps) {
        const target = folderOf(dep);
        if (target !== folderOf(file) && !allowed.includes(target)) upward.push(`${file} -> ${dep}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
