/**
 * Every installed package must run on the Node the project supports (root `engines.node`), so
 * `npm ci` on Node 20 prints no EBADENGINE warning and nothing needs a newer Node at run time.
 */
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe("package engines", () => {
  const oldestNode = semver.minVersion(manifest.engines.node)!.version;

  it("the project supports Node 20", () => {
    expect(semver.major(oldestNode)).toBe(20);
  });

  it(`every locked package accepts Node ${oldestNode}`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== "")
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(oldestNode, range) ? [`${path}@${entry.version} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
