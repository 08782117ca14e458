/**
 * `GET /metrics`: the Prometheus text exposition of this process's metrics (`metrics/`). Open on
 * the listen address like most exporters (the server listens on 127.0.0.1 unless HOST says
 * otherwise), or, with `METRICS_TOKEN` set, only with `Authorization: Bearer <METRICS_TOKEN>`: a
 * static token a Prometheus scrape config can carry (`authorization.credentials`), separate from
 * the screens' signed tokens. Not rate-limited.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { Registry } from "prom-client";
import { apiErrorSchema, documented } from "./openapi.js";
import { bearerToken } from "./require-role.js";

/** What the metrics route needs. */
export interface MetricsRouteOptions {
  registry: Registry;
  /** When set, the bearer token a scrape must present. */
  token?: string;
}

const metricsDoc = documented({
  summary: "Prometheus metrics of this server process",
  description: "Text exposition format 0.0.4. Open unless METRICS_TOKEN is set, then Authorization: Bearer <METRICS_TOKEN>. Not rate-limited.",
  tags: ["metrics"],
  responses: {
    200: { description: "The metrics (text/plain; version=0.0.4)" },
    401: { description: "METRICS_TOKEN is set and the request did not carry it", body: apiErrorSchema },
  },
});

/** True when `given` equals `expected`, in time independent of where they differ. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Registers GET /metrics. */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (fastify, options) => {
  fastify.get("/metrics", metricsDoc, async (request, reply) => {
    if (options.token !== undefined && !sameToken(bearerToken(request.headers.authorization) ?? "", options.token)) {
      return reply.code(401).send({ error: "UNAUTHORIZED", message: "This server's /metrics needs Authorization: Bearer <METRICS_TOKEN>." });
    }
    return reply.type(options.registry.contentType).send(await options.registry.metrics());
  });
};
