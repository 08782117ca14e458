/**
 * Slow consumer: under steady traffic, one supervisor screen stops reading (its socket is paused:
 * the kernel buffers fill, then the server's send buffer for it grows). The other screens' event
 * latency is measured before the stall and during it, until the server drops the stalled screen. The
 * stalled screen then reads again: it gets what the server had buffered for it and the close frame,
 * whose code should be 1013 ("Try Again Later", the server's slow-consumer close).
 */
import { LatencyWindow, trafficFor, type Rig } from "./latency.js";
import type { Summary } from "./samples.js";
import { msBetween, round, sleep, waitFor, withTimeout } from "./util.js";

export interface SlowConsumerResult {
  callsPerSecond: number;
  /** Other screens' latency (ms) before the stall and while one screen was stalled. */
  othersBefore: Summary;
  othersDuringStall: Summary;
  /** p99 during the stall ÷ p99 before. */
  p99Ratio: number;
  dropped: boolean;
  /** Seconds from the stall to the server dropping the screen. */
  secondsToDrop: number | undefined;
  /** Close code the stalled screen read once it resumed (1013 expected). */
  closeCode: number | undefined;
  /** Bytes the stalled screen read after resuming: what the kernel and the server had buffered for it. */
  bytesBufferedForIt: number;
  /** Server RSS before the stall and when it dropped the screen, bytes. */
  serverRssBytes: { beforeStall: number; atDrop: number };
}

/**
 * Runs traffic at `callsPerSecond`; measures `baselineMs` of normal latency, then stalls one
 * supervisor for at most `maxStallMs`.
 */
export async function measureSlowConsumer(
  rig: Rig,
  options: { callsPerSecond: number; baselineMs: number; maxStallMs: number; seed: number },
): Promise<SlowConsumerResult> {
  const victim = rig.supervisors[rig.supervisors.length - 1]!;
  const before = new LatencyWindow();
  const during = new LatencyWindow();
  rig.tracker.clear();
  rig.tracker.excluded = victim;
  rig.tracker.window = before;
  const run = rig.simulator.control.startTraffic(trafficFor(rig, options.callsPerSecond, options.baselineMs + options.maxStallMs, options.seed));
  try {
    await sleep(options.baselineMs);
    const clientsBefore = (await rig.server.handle.request<{ clients: number }>("clients")).clients;
    const rssBefore = (await rig.server.memory()).rss;
    rig.tracker.window = during;
    const closed = new Promise<number>((resolve) => victim.once("close", (code) => resolve(code)));
    const stalledAt = process.hrtime.bigint();
    victim.pause();
    const dropped = await waitFor(
      async () => (await rig.server.handle.request<{ clients: number }>("clients")).clients < clientsBefore,
      options.maxStallMs,
      250,
    );
    const secondsToDrop = dropped ? msBetween(stalledAt, process.hrtime.bigint()) / 1000 : undefined;
    rig.tracker.window = undefined;
    const rssAtDrop = (await rig.server.memory()).rss;
    let bytes = 0;
    victim.on("message", (data: Buffer) => (bytes += data.length));
    victim.resume();
    const closeCode = dropped ? await withTimeout(closed, 40_000, "close of the stalled screen").catch(() => undefined) : undefined;
    const othersBefore = before.all.summary();
    const othersDuringStall = during.all.summary();
    return {
      callsPerSecond: options.callsPerSecond,
      othersBefore,
      othersDuringStall,
      p99Ratio: round(othersDuringStall.p99 / Math.max(othersBefore.p99, 1e-9), 2),
      dropped,
      secondsToDrop: secondsToDrop === undefined ? undefined : round(secondsToDrop, 1),
      closeCode,
      bytesBufferedForIt: bytes,
      serverRssBytes: { beforeStall: rssBefore, atDrop: rssAtDrop },
    };
  } finally {
    rig.tracker.window = undefined;
    rig.tracker.excluded = undefined;
    run.stop();
    await withTimeout(run.finished, 30_000, "slow-consumer traffic to end").catch(() => undefined);
  }
}
