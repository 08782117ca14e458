/**
 * The OpenAPI 3.1 document of the HTTP routes, built by `@fastify/swagger` from each route's
 * schema and served at `GET /openapi.json`. Like `/asyncapi.json` it needs no token: it describes
 * routes and shapes, never data or configuration.
 *
 * Routes check their input with zod (so a refusal keeps the project's wording) and send plain
 * objects, so their request and response schemas are documentation only: `documented()` puts the
 * summary, tags and security in the route's `schema` (keys fastify does not compile) and the zod
 * schemas, converted to JSON Schema, in the route's `swaggerTransform`, which only the document
 * reads. Documenting a route never changes what it accepts or sends.
 */
import swagger, { type SwaggerTransform } from "@fastify/swagger";
import { CONTRACT_VERSION } from "@acc/shared-types";
import type { FastifyInstance, FastifySchema } from "fastify";
import { z } from "zod";

/** What the document says about one route. */
export interface RouteDoc {
  summary: string;
  description?: string;
  tags: readonly string[];
  /** The route needs a token (`Authorization: Bearer <token>`). */
  bearer?: boolean;
  params?: z.ZodObject;
  querystring?: z.ZodObject;
  body?: z.ZodType;
  /** HTTP status → what it means and, when there is one, the body's schema. */
  responses: Record<number, { description: string; body?: z.ZodType }>;
}

/** The body of every refusal of the HTTP API: a code (`UNAUTHORIZED`, `FORBIDDEN`, `INVALID_MESSAGE`, ...) and a sentence. */
export const apiErrorSchema = z.object({ error: z.string(), message: z.string() });

/** Name of the bearer-token security scheme in the document. */
export const BEARER_SCHEME = "bearerToken";

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dropped, ...body } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return body;
}

/**
 * Route options documenting a route: spread them into the route's options, e.g.
 * `fastify.get("/health", documented({ ... }), handler)`.
 */
export function documented(doc: RouteDoc): { schema: FastifySchema; config: { swaggerTransform: SwaggerTransform } } {
  const schema: FastifySchema = {
    summary: doc.summary,
    tags: doc.tags,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.bearer ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
  };
  const response = Object.fromEntries(
    Object.entries(doc.responses).map(([status, { description, body }]) => [status, { description, ...(body ? jsonSchema(body) : {}) }]),
  );
  const full: FastifySchema = {
    ...schema,
    ...(doc.params ? { params: jsonSchema(doc.params) } : {}),
    ...(doc.querystring ? { querystring: jsonSchema(doc.querystring) } : {}),
    ...(doc.body ? { body: jsonSchema(doc.body) } : {}),
    response,
  };
  return { schema, config: { swaggerTransform: ({ url }) => ({ schema: full, url }) } };
}

/** `/ws` is a WebSocket route of another plugin: the document gives its upgrade and points to the AsyncAPI document. */
const webSocketDoc = documented({
  summary: "WebSocket of the screens (frames: /asyncapi.json)",
  description:
    "Upgrades to a WebSocket carrying the events and commands described by the AsyncAPI document at /asyncapi.json. " +
    "The token comes as ?token= (browsers) or Authorization: Bearer.",
  tags: ["websocket"],
  bearer: true,
  querystring: z.object({
    token: z.string().optional().describe("The screen's signed token, when no Authorization header can be sent"),
    lastEventId: z.string().optional().describe("The id of the last event received; the events after it are replayed"),
  }),
  responses: {
    101: { description: "Switching Protocols: the WebSocket is open" },
    401: { description: "No token, or the token was refused", body: apiErrorSchema },
  },
});

/**
 * Registers `@fastify/swagger` on `fastify` and `GET /openapi.json`. Call it on the root instance
 * before any route is registered: the document lists the routes registered after it.
 */
export async function registerOpenApi(fastify: FastifyInstance): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "ARI contact-center event server: HTTP API",
        version: CONTRACT_VERSION,
        description: "Health, the agent roster, and the documents of the API. The screens' events and commands: /asyncapi.json.",
      },
      components: {
        securitySchemes: { [BEARER_SCHEME]: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A signed token from `npm run token`" } },
      },
    },
    transform: ({ schema, url, route }) =>
      (route as { websocket?: boolean }).websocket ? webSocketDoc.config.swaggerTransform({ schema, url, route, openapiObject: {} }) : { schema, url },
  });
  fastify.get(
    "/openapi.json",
    documented({ summary: "This OpenAPI document", tags: ["docs"], responses: { 200: { description: "The OpenAPI 3.1 document of the HTTP routes" } } }),
    async () => fastify.swagger(),
  );
}
