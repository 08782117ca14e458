/** The server as a library: `buildApp` and the configuration it takes. */
export { buildApp, type App, type BuildAppOptions } from "./app.js";
export { ConfigError, loadConfig, type Config } from "./config/config.js";
export { readRosterFile, type RosterEntry } from "./roster/roster-file.js";
export type { QueueConfig } from "./queues/queue-config.js";
/** For tools that run the server's parts on their own (the benchmark): state machine, tokens, private Redis. */
export { createStateStore, type StateStore } from "./state/index.js";
export { signToken, type Role } from "./auth/token.js";
export { freePort, startLocalRedis, type LocalRedis } from "./demo/local-redis.js";
export { startRestartableRedis, type RestartableRedis } from "./demo/restartable-redis.js";
/** The logger `main` gives the server, so a tool embedding the server logs the same way. */
export { pino } from "pino";
