/**
 * The server under test, in a process of its own so that the clients measuring it do not share its
 * event loop. It runs the real server (`buildApp`: Redis state, ARI connection, WebSocket transport)
 * and answers the benchmark's requests over IPC: publish a burst of events (fan-out), report memory
 * after a full collection, CPU time and connected clients.
 *
 * Configuration comes as JSON in BENCH_SERVER (see {@link ServerChildConfig}).
 */
import { readdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { buildApp, loadConfig, pino } from "@acc/server";
import { fanoutPayload } from "./payload.js";
import { cpuSinceLastCall, serveParent, settledMemory } from "./rpc.js";
import { benchRoster, benchSecret } from "./roster.js";

/** What the parent passes in BENCH_SERVER. */
export interface ServerChildConfig {
  redisUrl: string;
  ariUrl: string;
  agents: number;
  maxCalls: number;
  agentEndpoint: string;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_SERVER ?? "{}") as ServerChildConfig;
  const config = loadConfig({
    ARI_URL: options.ariUrl,
    REDIS_URL: options.redisUrl,
    AUTH_SECRET: benchSecret,
    AGENT_ENDPOINT: options.agentEndpoint,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    // Every benchmark client connects from 127.0.0.1, thousands of them with one token.
    WS_MAX_CONNECTIONS_PER_ADDRESS: "0",
    WS_MAX_CONNECTIONS_PER_IDENTITY: "0",
  });
  // As in production (pino), at warn level on stderr: per-connection info lines would cost CPU in
  // the measurement and say nothing the figures need.
  const logger = pino({ level: "warn" }, pino.destination(2));
  const app = await buildApp({ config, redisUrl: options.redisUrl, ariUrl: options.ariUrl, roster: benchRoster(options.agents, options.maxCalls), logger });
  await app.fastify.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.fastify.server.address() as AddressInfo;
  serveParent(
    {
      /**
       * Publishes `count` agent_status_updated events to every supervisor. `mode: "burst"`: all at
       * once, as many concurrent calls would (ioredis pipelines the XADDs, and each event is
       * delivered as its XADD answers, in id order); `"one-at-a-time"`: each after the previous
       * one's XADD answered and it was delivered.
       */
      publish: async (request) => {
        const count = Number(request.count);
        const started = process.hrtime.bigint();
        const publish = (i: number) => app.calls.events.publish("agent_status_updated", fanoutPayload(i), { supervisors: true });
        if (request.mode === "one-at-a-time") {
          for (let i = 0; i < count; i++) await publish(i);
        } else {
          const published: Promise<string>[] = [];
          for (let i = 0; i < count; i++) published.push(publish(i));
          await Promise.all(published);
        }
        return { count, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
      },
      memory: () => ({ ...settledMemory(), clients: app.hub.size, openFiles: readdirSync("/proc/self/fd").length }),
      clients: () => ({ clients: app.hub.size, byRole: app.hub.countsByRole() }),
      /** CPU time (user + system, ms) since the previous `cpu` request. */
      cpu: cpuSinceLastCall(),
    },
    { port },
    async () => {
      await app.fastify.close();
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`server child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
