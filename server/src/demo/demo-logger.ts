/**
 * The demo's logger: the same pino logger, printed by pino-pretty as one human line per record
 * (`[13:35:17] INFO: ARI connection state {"state":"up",…}`) instead of JSON, so the server's log
 * lines read like the demo's event lines between them. Synchronous, so log lines and event lines
 * reach the terminal in the order they were written. Outside the demo the server logs JSON.
 */
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

/**
 * A pino logger at `level` that writes human lines to `destination` (default: standard output).
 * `colorize` defaults to whether standard output is a terminal.
 */
export function createDemoLogger(level: string, destination: NodeJS.WritableStream = process.stdout, colorize = process.stdout.isTTY === true): Logger {
  return pino(
    { level },
    pretty({ sync: true, destination, colorize, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname", singleLine: true }),
  );
}
