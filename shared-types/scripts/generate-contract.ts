/**
 * Writes the generated contract files (see contract-files.ts) from the zod schemas, removing
 * schema files of frames that no longer exist. Run it after changing a schema: `npm run contract`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { contractFiles, repositoryRoot, SCHEMAS_DIR } from "./contract-files.js";

const files = contractFiles();
const schemasRoot = join(repositoryRoot, SCHEMAS_DIR);
for (const entry of readdirSync(schemasRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
  const path = relative(repositoryRoot, join(entry.parentPath, entry.name));
  if (!files.has(path)) rmSync(join(repositoryRoot, path));
}
for (const [path, content] of files) {
  mkdirSync(dirname(join(repositoryRoot, path)), { recursive: true });
  writeFileSync(join(repositoryRoot, path), content);
}
process.stdout.write(`Wrote ${files.size} contract files (${SCHEMAS_DIR}/, docs/asyncapi.json).\n`);
