/** The web app route: served from its build folder, new files found without a restart, and a clear 503 before a build. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { uiRoutes } from "../../src/http/ui.js";

describe("web app route", () => {
  const root = mkdtempSync(join(tmpdir(), "ui-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves index.html at / and assets written after start", async () => {
    writeFileSync(join(root, "index.html"), "<!doctype html><title>screens</title>");
    const app = Fastify();
    await app.register(uiRoutes, { root });
    const index = await app.inject("/");
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain("<title>screens</title>");
    writeFileSync(join(root, "app-abc123.js"), "console.log(1)");
    const asset = await app.inject("/app-abc123.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect((await app.inject("/missing.js")).statusCode).toBe(404);
    await app.close();
  });

  it("says how to build the app when it is not built", async () => {
    const app = Fastify();
    await app.register(uiRoutes, { root: join(root, "nowhere") });
    const reply = await app.inject("/");
    expect(reply.statusCode).toBe(503);
    expect(reply.body).toMatch(/npm run build/);
    await app.close();
  });
});
