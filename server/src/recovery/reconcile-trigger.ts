/**
 * When reconciliation runs: every time the ARI connection comes `up` (the first connect at start,
 * and every reconnect after a WebSocket cut or an Asterisk restart, since the events of the gap are
 * lost), every time Redis becomes ready again (event handling that failed meanwhile may have left
 * sessions behind), and every {@link RECONCILE_INTERVAL_MS} as a safety net (an ARI clean-up that
 * timed out, say, leaves a channel up with no event to come). Runs never overlap: a trigger during
 * a run makes one more run after it. A run needs both ARI and Redis; without one it waits for that
 * one's own trigger.
 */
import type { Redis } from "ioredis";
import type { AriConnection, AriStateChange } from "../ari/index.js";
import type { CallContext } from "../calls/context.js";
import { reconcileWithAri } from "./reconcile.js";
import { AGENT_LEG_GRACE_MS } from "./session-verdict.js";

/** How often (ms) reconciliation runs without a trigger, by default. */
export const RECONCILE_INTERVAL_MS = 60_000;

/** A failed run is tried again after this delay (ms), at most {@link MAX_RETRIES} times in a row. */
export const RETRY_DELAY_MS = 2000;
export const MAX_RETRIES = 5;

/** The running trigger. */
export interface ReconcileTrigger {
  /** Asks for a run (`why` is logged); coalesced with a run already asked for. */
  request(why: string): void;
  /** Resolves when no run is under way (for shutdown, before Redis closes). */
  idle(): Promise<void>;
  /** Stops listening and cancels scheduled runs. */
  stop(): void;
}

/**
 * Starts reconciling on `connection` `up`, `redis` `ready` and every `intervalMs` (default
 * {@link RECONCILE_INTERVAL_MS}); see the file header.
 */
export function startReconcileTrigger(
  ctx: CallContext,
  connection: Pick<AriConnection, "state" | "on" | "off">,
  redis: Redis,
  options: { intervalMs?: number } = {},
): ReconcileTrigger {
  let running: Promise<void> | null = null;
  let again: string | null = null;
  let failures = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, why: string): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      request(why);
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const run = async (why: string): Promise<void> => {
    if (connection.state !== "up" || redis.status !== "ready") return;
    ctx.logger.debug({ why }, "reconciling with Asterisk");
    try {
      const summary = await reconcileWithAri(ctx);
      failures = 0;
      if (summary.sessionsDeferred > 0) later(AGENT_LEG_GRACE_MS, "sessions deferred by the last reconciliation");
    } catch (error) {
      failures += 1;
      ctx.logger.warn({ err: error, failures }, "reconciliation failed");
      if (failures <= MAX_RETRIES) later(RETRY_DELAY_MS, "retry after a failed reconciliation");
    }
  };

  function request(why: string): void {
    if (stopped) return;
    if (running) {
      again = why;
      return;
    }
    running = run(why).finally(() => {
      running = null;
      const next = again;
      again = null;
      if (next !== null) request(next);
    });
  }

  const onAriState = (change: AriStateChange): void => {
    if (change.state === "up") request("the ARI connection is up");
  };
  const onRedisReady = (): void => request("Redis is ready");
  connection.on("state", onAriState);
  redis.on("ready", onRedisReady);
  const periodic = setInterval(() => request("periodic safety net"), options.intervalMs ?? RECONCILE_INTERVAL_MS);
  periodic.unref();

  return {
    request,
    async idle() {
      while (running) await running;
    },
    stop() {
      stopped = true;
      clearInterval(periodic);
      connection.off("state", onAriState);
      redis.off("ready", onRedisReady);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
