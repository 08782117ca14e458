/** Loads the fixtures the tests check: the project's own copies of the seed payloads and designed examples. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));

export interface EventFixture {
  /** File name, e.g. `call_refused.unknown-extension.json`. */
  file: string;
  /** Event name: the file name up to the first dot. */
  event: string;
  data: Record<string, unknown>;
}

/** Every `fixtures/events/<event>[.<variant>].json`, sorted by file name. */
export function eventFixtures(): EventFixture[] {
  return readdirSync(`${fixturesDir}events`)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, event: file.split(".")[0]!, data: readJson(`events/${file}`) as Record<string, unknown> }));
}

/** A JSON fixture by path relative to `fixtures/`. */
export function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(`${fixturesDir}${relativePath}`, "utf8"));
}
