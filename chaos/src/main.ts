/**
 * `npm run chaos [-- --seed <n>]`: the full chaos run (see chaos/README.md). Prints the table;
 * exits 1 when a count that must be 0 is not, or a fault could not run.
 */
import { parseArgs } from "node:util";
import { fullProfile, runChaos } from "./run.js";
import { formatReport, passed } from "./table.js";

const { values } = parseArgs({ options: { seed: { type: "string" } } });
const seed = values.seed === undefined ? fullProfile.seed : Number(values.seed);
if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be a whole number, got '${values.seed}'`);

const started = Date.now();
const report = await runChaos({ ...fullProfile, seed }, (line) => process.stderr.write(`chaos: ${line}\n`));
process.stdout.write(`${formatReport(report)}\n\nchaos run took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(passed(report) ? 0 : 1);
