/** The server as a library: `buildApp` and the configuration it takes. */
export { buildApp, type App, type BuildAppOptions } from "./app.js";
export { ConfigError, loadConfig, type Config } from "./config/config.js";
export { readRosterFile, type RosterEntry } from "./roster/roster-file.js";
