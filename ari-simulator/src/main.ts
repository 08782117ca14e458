#!/usr/bin/env node
/**
 * Command line: `node ari-simulator/dist/main.js [--port 8088] [--host 127.0.0.1]
 * [--username asterisk] [--password asterisk] [--app contact-center] [--log]
 * [--traffic <calls per second> --agents 1001,1002 --queues 8000 [--direct-share 0.5]
 *  [--talk-ms 60000] [--patience-ms 30000] [--max-calls 10000] [--seed 1]]`.
 * Runs until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./simulator.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8088" },
    host: { type: "string", default: "127.0.0.1" },
    username: { type: "string", default: "asterisk" },
    password: { type: "string", default: "asterisk" },
    app: { type: "string", default: "contact-center" },
    log: { type: "boolean", default: false },
    traffic: { type: "string" },
    agents: { type: "string", default: "" },
    queues: { type: "string", default: "" },
    "direct-share": { type: "string", default: "0.5" },
    "talk-ms": { type: "string", default: "60000" },
    "patience-ms": { type: "string", default: "30000" },
    "max-calls": { type: "string", default: "10000" },
    seed: { type: "string" },
  },
});

function number(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got '${text}'`);
  return value;
}

const list = (text: string) => text.split(",").map((item) => item.trim()).filter((item) => item !== "");

const sim = await startSimulator({
  port: number("port", values.port),
  host: values.host,
  username: values.username,
  password: values.password,
  appName: values.app,
  logger: values.log,
});
console.log(`ARI simulator listening on ${sim.url} (ARI at ${sim.url}/ari, user ${values.username}, Stasis app ${values.app})`);

if (values.traffic !== undefined) {
  const talk = number("talk-ms", values["talk-ms"]);
  const patience = number("patience-ms", values["patience-ms"]);
  sim.control.startTraffic({
    callsPerSecond: number("traffic", values.traffic),
    talkTimeMs: { mean: talk, min: Math.min(1000, talk), max: talk * 4 },
    patienceMs: { mean: patience, min: Math.min(1000, patience), max: patience * 4 },
    directShare: number("direct-share", values["direct-share"]),
    agentExtensions: list(values.agents),
    queueNumbers: list(values.queues),
    maxCalls: number("max-calls", values["max-calls"]),
    seed: values.seed === undefined ? undefined : number("seed", values.seed),
  });
  console.log(`traffic: ${values.traffic} calls/s to agents [${values.agents}] and queues [${values.queues}]`);
}

const shutdown = () => {
  console.log("stopping", sim.control.trafficCounters() ?? "");
  sim.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
