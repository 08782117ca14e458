/**
 * `GET /asyncapi.json`: the AsyncAPI 3.0 document of `/ws`, built from the zod schemas in
 * `@acc/shared-types` (the same document as the repository's `docs/asyncapi.json`). No token:
 * it describes frames, never data.
 */
import { buildAsyncApiDocument } from "@acc/shared-types";
import type { FastifyPluginAsync } from "fastify";
import { documented } from "./openapi.js";

/** Registers `GET /asyncapi.json`. */
export const asyncApiRoutes: FastifyPluginAsync = async (fastify) => {
  const document = buildAsyncApiDocument();
  fastify.get(
    "/asyncapi.json",
    documented({ summary: "The AsyncAPI document of /ws", tags: ["docs"], responses: { 200: { description: "AsyncAPI 3.0: every event, control frame and command of /ws" } } }),
    async () => document,
  );
};
