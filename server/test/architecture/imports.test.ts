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
 * What each folder of `server/src` may import from the others. Folders not listed here sit at the
 * top (transport, read models, wiring) and are checked for cycles only.
 */
const mayImport: Record<string, readonly string[]> = {
  ari: [],
  auth: [],
  config: [],
  state: [],
  roster: ["auth", "config", "state"],
  queues: ["config", "state"],
  calls: ["ari", "auth", "config", "queues", "state"],
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
      const allowed = mayImport[folderOf(file)];
      if (!allowed) continue;
      for (const dep of deps) {
        const target = folderOf(dep);
        if (target !== folderOf(file) && !allowed.includes(target)) upward.push(`${file} -> ${dep}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
