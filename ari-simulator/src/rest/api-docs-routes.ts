import type { FastifyInstance, FastifyRequest } from "fastify";
import { AriError } from "../pbx/ari-error.js";
import { apiDeclaration, resourceListing } from "../swagger/resources.js";

type DocsRequest = FastifyRequest<{ Params: { file: string } }>;

/**
 * `/ari/api-docs/resources.json` and `/ari/api-docs/{resource}.json`, with `basePath` taken from
 * the request's Host header as Asterisk does, so clients send REST calls back to the same address.
 */
export function registerApiDocsRoutes(app: FastifyInstance): void {
  app.get("/ari/api-docs/:file", async (request: DocsRequest) => {
    const host = request.headers.host ?? "localhost";
    const match = /^(.+)\.json$/.exec(request.params.file);
    if (!match?.[1]) throw new AriError(404, "Resource not found");
    if (match[1] === "resources") return resourceListing(host);
    const declaration = apiDeclaration(match[1], host);
    if (!declaration) throw new AriError(404, "Resource not found");
    return declaration;
  });
}
