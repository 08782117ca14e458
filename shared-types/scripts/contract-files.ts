/**
 * The generated contract files and their places in the repository: a JSON Schema per frame under
 * `shared-types/schemas/<events|control|commands>/<name>.json`, and the AsyncAPI document of `/ws`
 * at `docs/asyncapi.json`. Used by the generator and by the test that fails when they drift.
 */
import { fileURLToPath } from "node:url";
import { buildAsyncApiDocument, frameJsonSchemas } from "../src/index.js";

/** The repository root. */
export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Folder of the per-frame JSON Schemas, relative to the repository root. */
export const SCHEMAS_DIR = "shared-types/schemas";

/** The AsyncAPI document, relative to the repository root. */
export const ASYNCAPI_FILE = "docs/asyncapi.json";

/** Formats JSON as committed: two-space indents and a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Repository-relative path → file content, for every generated file. */
export function contractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const { kind, name, schema } of frameJsonSchemas()) files.set(`${SCHEMAS_DIR}/${kind}/${name}.json`, jsonText(schema));
  files.set(ASYNCAPI_FILE, jsonText(buildAsyncApiDocument()));
  return files;
}
