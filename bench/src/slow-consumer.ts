/**
 * Slow consumer: under steady traffic, one supervisor screen stops reading (its socket is paused:
 * the kernel buffers fill, then the server's send buffer for it grows). The other screens' event
 * latency is measured before the stall and during it, until the server drops the stalled screen. The
 * stalled screen then reads again: it gets what the server had buffered for it and the close frame,
 * whose code should be 1013 ("Try Again Later", the server's slow-consumer close).
 */
import { recordInto, reportOf, trafficFor, type Rig } from "./latency.js";
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
  rig.sendTimes.clear();
  await recordInto(rig, "before", true);
  const run = rig.simulator.control.startTraffic(trafficFor(rig, options.callsPerSecond, options.baselineMs + options.maxStallMs, options.seed));
  try {
    await sleep(options.baselineMs);
    const clientsBefore = (await rig.server.handle.request<{ clients: number }>("clients")).clients;
    const rssBefore = (await rig.server.memory()).rss;
    await recordInto(rig, "during", true);
    const stalledAt = process.hrtime.bigint();
    await rig.screens.request("stall");
    const dropped = await waitFor(
      async () => (await rig.server.handle.request<{ clients: number }>("clients")).clients < clientsBefore,
      options.maxStallMs,
      250,
    );
    const secondsToDrop = dropped ? msBetween(stalledAt, process.hrtime.bigint()) / 1000 : undefined;
    await recordInto(rig, null);
    const rssAtDrop = (await rig.server.memory()).rss;
    const resumed = await rig.screens.request<{ bytes: number; closeCode: number | null }>("resume", { waitForCloseMs: dropped ? 40_000 : 0 });
    const othersBefore = (await reportOf(rig, "before")).all;
    const othersDuringStall = (await reportOf(rig, "during")).all;
    return {
      callsPerSecond: options.callsPerSecond,
      othersBefore,
      othersDuringStall,
      p99Ratio: round(othersDuringStall.p99 / Math.max(othersBefore.p99, 1e-9), 2),
      dropped,
      secondsToDrop: secondsToDrop === undefined ? undefined : round(secondsToDrop, 1),
      closeCode: resumed.closeCode ?? undefined,
      bytesBufferedForIt: resumed.bytes,
      serverRssBytes: { beforeStall: rssBefore, atDrop: rssAtDrop },
    };
  } finally {
    await recordInto(rig, null).catch(() => undefined);
    run.stop();
    await withTimeout(run.finished, 30_000, "slow-consumer traffic to end").catch(() => undefined);
  }
}
