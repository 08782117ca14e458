/**
 * ari-client loads Asterisk's API listings with swagger-client 2, which prints
 * `[ 'This API is using a deprecated version of Swagger!  Please see … for more info' ]` with
 * `console.log` on every connect, because ARI's listings are Swagger 1.2. It is not actionable
 * (Asterisk serves that version) and it breaks the log format, so while a connect runs exactly
 * that line is dropped; every other console output passes.
 */

const NOTICE = "This API is using a deprecated version of Swagger!";

/** True for swagger-client's notice: one argument, an array whose first item is the notice text. */
export function isSwaggerDeprecationNotice(args: readonly unknown[]): boolean {
  const [first] = args;
  return args.length === 1 && Array.isArray(first) && typeof first[0] === "string" && first[0].startsWith(NOTICE);
}

let running = 0;
let originalLog: typeof console.log | undefined;

/**
 * Runs `work` (an ari-client connect) with swagger-client's notice filtered out of
 * `console.log`. Overlapping calls share one filter; the original `console.log` is back when the
 * last one settles. Resolves or rejects as `work` does.
 */
export async function withoutSwaggerNotice<T>(work: () => Promise<T>): Promise<T> {
  if (running++ === 0) {
    const log = console.log;
    originalLog = log;
    console.log = (...args: unknown[]) => {
      if (!isSwaggerDeprecationNotice(args)) log(...args);
    };
  }
  try {
    return await work();
  } finally {
    if (--running === 0) console.log = originalLog!;
  }
}
