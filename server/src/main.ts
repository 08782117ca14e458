/**
 * Entry point: reads the configuration, starts the server and listens.
 *
 * With ARI_URL set it serves that Asterisk. Without it, it runs the demo: a private Redis (unless
 * REDIS_URL is set), the built-in ARI simulator with simulated traffic, and the server against them;
 * it prints tokens for the screens and a line per call event.
 */
import { pino } from "pino";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createDemoLogger } from "./demo/demo-logger.js";
import { startDemo } from "./demo/demo.js";
import { readRosterFile } from "./roster/roster-file.js";
import { readQueuesFile } from "./queues/queue-config.js";

async function main(): Promise<void> {
  const config = loadConfig();
  // The demo prints human event lines; its log lines are human too (pino-pretty), JSON otherwise.
  const logger = config.ariUrl === undefined ? createDemoLogger(config.logLevel) : pino({ level: config.logLevel });
  const roster = await readRosterFile(config.agentsFile);
  const queues = await readQueuesFile(config.queuesFile);
  const demo = config.ariUrl === undefined ? await startDemo(config, roster, logger) : null;
  const app = await buildApp({
    config: demo ? { ...config, agentEndpoint: demo.agentEndpoint } : config,
    redisUrl: demo?.redisUrl ?? config.redisUrl!,
    ariUrl: demo?.ariUrl ?? config.ariUrl!,
    roster,
    queues,
    logger,
  });
  await app.fastify.listen({ host: config.host, port: config.port });
  await demo?.afterListen(app);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    demo?.quiesce();
    await app.fastify.close();
    await demo?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // One clear line for a bad configuration; the full error for anything else.
  if (error instanceof ConfigError || (error instanceof Error && /^(Cannot read )?(AGENTS|QUEUES)_FILE/.test(error.message))) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
