/**
 * Serves the web app (`supervisor-ui/`: agent screen, supervisor dashboard, ops view) at `/` from its
 * Vite build. When the app has not been built, `/` says how to build it instead of a bare 404.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

/** The Vite build output of the web app, from this file's place in `server/src/http` or `server/dist/http`. */
export const DEFAULT_UI_ROOT = fileURLToPath(new URL("../../../supervisor-ui/dist/", import.meta.url));

/** Options of the UI route. `root`: folder holding the built `index.html` and its assets. */
export interface UiOptions {
  root?: string;
}

/** Registers `GET /` and the app's assets. */
export const uiRoutes: FastifyPluginAsync<UiOptions> = async (fastify, options) => {
  const root = options.root ?? DEFAULT_UI_ROOT;
  if (!existsSync(`${root}/index.html`)) {
    // Hidden from the OpenAPI document like @fastify/static's routes: the web app is not part of the API.
    fastify.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type("text/plain; charset=utf-8").send("The web app is not built. Run `npm run build` in the repository root, then reload.\n"),
    );
    return;
  }
  // wildcard: files are looked up per request, so a rebuilt app (new hashed asset names) is served
  // without restarting the server.
  await fastify.register(fastifyStatic, { root, index: ["index.html"], wildcard: true });
};
