/** Small helpers every phase uses: bounded waiting, bounded concurrency, the monotonic clock. */

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Now on the monotonic clock (CLOCK_MONOTONIC on Linux), in nanoseconds. */
export const nowNs = (): bigint => process.hrtime.bigint();

/** Milliseconds between two monotonic readings in nanoseconds. */
export const msBetween = (fromNs: bigint, toNs: bigint): number => Number(toNs - fromNs) / 1e6;

/**
 * Rejects with `what` after `ms` milliseconds unless `promise` settles first; the timer never keeps
 * the process alive after the race is decided.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes.
 * @returns true when the condition held, false on timeout.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/**
 * Runs `task` for indexes 0..count-1 with at most `limit` running at once (connection storms
 * would otherwise overflow the listen backlog). Results keep their index.
 */
export async function mapLimit<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** Rounds to `digits` decimals (for the report; raw values stay in memory). */
export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
