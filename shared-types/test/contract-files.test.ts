/**
 * The generated contract files (JSON Schema per frame, AsyncAPI document of /ws) are committed;
 * this regenerates them in memory and fails when a committed file differs, so they cannot drift
 * from the zod schemas. It also checks that they are valid: the AsyncAPI document against the
 * AsyncAPI 3.0.0 JSON Schema, and the frame schemas by validating the fixtures with ajv.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import asyncApiSpecs from "@asyncapi/specs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CONTRACT_VERSION } from "../src/index.js";
import { ASYNCAPI_FILE, contractFiles, repositoryRoot, SCHEMAS_DIR } from "../scripts/contract-files.js";
import { eventFixtures, readJson } from "./support/fixtures.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const REGENERATE = "run `npm run contract` and commit the result";

function committed(path: string): string | undefined {
  const full = join(repositoryRoot, path);
  return existsSync(full) ? readFileSync(full, "utf8") : undefined;
}

function newAjv(): Ajv {
  return addFormats(new Ajv({ allErrors: true, strict: false }));
}

describe("generated contract files", () => {
  const files = contractFiles();

  it("has a JSON Schema for every frame and the AsyncAPI document", () => {
    const paths = [...files.keys()];
    expect(paths).toContain(`${SCHEMAS_DIR}/events/call_incoming.json`);
    expect(paths).toContain(`${SCHEMAS_DIR}/control/error.json`);
    expect(paths).toContain(`${SCHEMAS_DIR}/commands/replay_events.json`);
    expect(paths).toContain(ASYNCAPI_FILE);
  });

  it.each([...files.keys()])("%s is committed as generated", (path) => {
    const onDisk = committed(path);
    expect(onDisk, `${path} is missing; ${REGENERATE}`).toBeDefined();
    expect(onDisk === files.get(path), `${path} differs from the zod schemas; ${REGENERATE}`).toBe(true);
  });

  it("commits no schema of a frame that no longer exists", () => {
    const root = join(repositoryRoot, SCHEMAS_DIR);
    const onDisk = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(repositoryRoot, join(entry.parentPath, entry.name)));
    expect(onDisk.filter((path) => !files.has(path)), REGENERATE).toEqual([]);
  });

  it("the AsyncAPI document is valid AsyncAPI 3.0.0", () => {
    const ajv = newAjv();
    const validate = ajv.compile(asyncApiSpecs.schemasWithoutId["3.0.0"] as object);
    const document = JSON.parse(files.get(ASYNCAPI_FILE)!);
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
  });

  it("the AsyncAPI validation refuses a broken document (so the check above can fail)", () => {
    const ajv = newAjv();
    const validate = ajv.compile(asyncApiSpecs.schemasWithoutId["3.0.0"] as object);
    const document = JSON.parse(files.get(ASYNCAPI_FILE)!);
    document.operations.send_call_incoming.action = "publish";
    expect(validate(document)).toBe(false);
  });

  it("every message of the AsyncAPI document is sent or received by an operation", () => {
    const document = JSON.parse(files.get(ASYNCAPI_FILE)!) as {
      channels: { ws: { messages: Record<string, unknown> } };
      operations: Record<string, { messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }>;
    };
    const used = new Set(
      Object.values(document.operations).flatMap((op) => [...op.messages, ...(op.reply?.messages ?? [])].map((m) => m.$ref.split("/").pop())),
    );
    expect(Object.keys(document.channels.ws.messages).filter((key) => !used.has(key))).toEqual([]);
  });

  it("the AsyncAPI version is the shared-types package version", () => {
    const pkg = JSON.parse(readFileSync(join(repositoryRoot, "shared-types/package.json"), "utf8")) as { version: string };
    expect(CONTRACT_VERSION).toBe(pkg.version);
  });

  it("every event fixture passes its event frame's JSON Schema, and a mistyped field fails it", () => {
    const ajv = newAjv();
    for (const fixture of eventFixtures()) {
      const validate = ajv.compile(JSON.parse(files.get(`${SCHEMAS_DIR}/events/${fixture.event}.json`)!));
      const frame = { event: fixture.event, data: fixture.data, id: "1705312200000-0" };
      expect(validate(frame), `${fixture.file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      const field = Object.keys(fixture.data)[0]!;
      expect(validate({ ...frame, data: { ...fixture.data, [field]: { wrong: true } } }), `${fixture.file} with ${field} mistyped`).toBe(false);
    }
  });

  it("every command and control frame fixture passes its JSON Schema", () => {
    const ajv = newAjv();
    const check = (kind: string, frames: { type: string }[]) => {
      for (const frame of frames) {
        const validate = ajv.compile(JSON.parse(files.get(`${SCHEMAS_DIR}/${kind}/${frame.type}.json`)!));
        expect(validate(frame), `${kind} ${JSON.stringify(frame)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    };
    check("commands", readJson("commands.json") as { type: string }[]);
    check("control", readJson("control-frames.json") as { type: string }[]);
  });
});
