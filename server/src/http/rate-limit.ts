/**
 * A per-client-address request limit on the HTTP routes (`@fastify/rate-limit`): over the limit a
 * client gets 429 with `Retry-After` and the `x-ratelimit-*` headers until its window passes.
 *
 * Not limited: `/health` and `/metrics`, so load balancers, orchestrators and Prometheus always get
 * an answer (they poll from few addresses, and a throttled probe would take the node out), and
 * `/ws`, whose connections are limited per identity and whose commands per connection by the
 * WebSocket transport (screens behind one NAT share an address).
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";


/** Paths outside the limit (see the module comment). */
export const unlimitedPaths: readonly string[] = ["/health", "/metrics", "/ws"];

/**
 * Registers the limit on `fastify` (the root instance, before the routes): `perMinute` requests
 * per client address per minute; 0 turns it off.
 */
export async function registerRateLimit(fastify: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  await fastify.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request) => unlimitedPaths.includes(request.url.split("?", 1)[0]!),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: "RATE_LIMITED",
      message: `More than ${context.max} requests per minute from this address; retry in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });
}
