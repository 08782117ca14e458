/**
 * The event contract lives in the repository (docs/events.md). No tracked file may point at the
 * old out-of-repository copy of the spec or its seeds, which a clone does not have.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
// Built from pieces so this file does not match itself.
const outside = new RegExp(["shared", "(spec|seeds)/"].join("/") + "|\\.\\./" + "shared/");

describe("references to the contract", () => {
  it("no tracked file refers to the spec outside the repository", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    const offending = files.filter((file) => !/\.(png|jpe?g|gif|ico|woff2?)$/.test(file) && outside.test(readFileSync(new URL(file, root), "utf8")));
    expect(offending).toEqual([]);
  });

  it("docs/events.md names every event, control frame, command and error code", async () => {
    const { serverEventNames, clientCommandTypes, controlFrameSchemas, ErrorCode } = await import("@acc/shared-types");
    const doc = readFileSync(new URL("docs/events.md", root), "utf8");
    const missing = [...serverEventNames, ...Object.keys(controlFrameSchemas), ...clientCommandTypes, ...ErrorCode.options].filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
