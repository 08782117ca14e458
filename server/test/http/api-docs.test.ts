/**
 * GET /openapi.json and GET /asyncapi.json on the real app (real Redis, the ARI simulator),
 * through fastify's inject: both are public, the OpenAPI document is valid OpenAPI 3.1 and
 * documents every route, and the AsyncAPI document is the committed docs/asyncapi.json.
 */
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "@acc/test-support";

type Operation = { summary?: string; security?: unknown[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> }; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] };
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe("API documents", () => {
  let stack: Stack;
  let openapi: OpenApi;

  beforeAll(async () => {
    stack = await startStack();
    const reply = await stack.app.fastify.inject({ method: "GET", url: "/openapi.json" });
    expect(reply.statusCode).toBe(200);
    openapi = reply.json();
  });
  afterAll(() => stack.close());

  it("serves a valid OpenAPI 3.1 document without a token", async () => {
    expect(openapi.openapi).toBe("3.1.0");
    const result = await new Validator().validate(openapi);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every route with a summary, and no route without one", () => {
    const operations = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(["get /health", "get /api/agents", "put /api/agents/{agentId}", "get /ws", "get /openapi.json", "get /asyncapi.json"]),
    );
    expect(operations.filter((o) => !o.op.summary).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it("gives the roster change its parameter, body, token and refusals", () => {
    const put = openapi.paths["/api/agents/{agentId}"]!["put"]!;
    expect(put.parameters).toEqual([expect.objectContaining({ name: "agentId", in: "path" })]);
    const body = put.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(body.properties).sort()).toEqual(["agentName", "extension", "maxCalls"]);
    expect(body.required?.sort()).toEqual(["agentName", "extension", "maxCalls"]);
    expect(put.security).toEqual([{ bearerToken: [] }]);
    expect(Object.keys(put.responses).sort()).toEqual(["200", "201", "400", "401", "403", "409"]);
    expect(openapi.paths["/health"]!["get"]!.security).toBeUndefined();
  });

  it("documenting the roster route leaves its own refusal wording in place", async () => {
    const { signToken } = await import("../../src/auth/token.js");
    const { TEST_SECRET } = await import("@acc/test-support");
    const token = await signToken(TEST_SECRET, { role: "supervisor" });
    const reply = await stack.app.fastify.inject({
      method: "PUT",
      url: "/api/agents/agent-1003",
      headers: { authorization: `Bearer ${token}` },
      payload: { agentName: "Amina", extension: "1003", maxCalls: "3" },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: "INVALID_MESSAGE", message: expect.stringMatching(/^maxCalls: /) });
  });

  it("serves the committed AsyncAPI document without a token", async () => {
    const reply = await stack.app.fastify.inject({ method: "GET", url: "/asyncapi.json" });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    const committed = JSON.parse(readFileSync(new URL("../../../docs/asyncapi.json", import.meta.url), "utf8"));
    expect(reply.json()).toEqual(committed);
  });
});
