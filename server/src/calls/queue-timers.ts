/**
 * The queue clock: every QUEUE_TIMER_POLL_MS, after-call work whose time is up ends, waiting calls
 * that reached their queue's maximum wait overflow, and every queue with an automatic strategy is
 * distributed once more (so an offer missed by a lost trigger is never lost for long), and
 * supervisors get `queue_call_updated` for estimates that drifted as agents changed. Deadlines live
 * in Redis and are claimed atomically, so they survive restarts and fire once across nodes.
 */
import { publishQueueUpdates } from "./announcements.js";
import type { CallContext } from "./context.js";
import { distributeForAgent, distributeSoon } from "./distribution.js";
import { overflowQueueCall } from "./overflow.js";
import { publishStatusChange } from "./status-events.js";

/** How often the queue clock runs (ms): the resolution of wrap-up ends and maximum waits. */
export const QUEUE_TIMER_POLL_MS = 500;

/** Every this many ticks, queues are re-distributed and estimates refreshed. */
const SWEEP_EVERY_TICKS = 10;

/** Ends due wrap-ups and overflows due waiting calls; returns how many of each were claimed. */
export async function runQueueTimers(ctx: CallContext): Promise<{ wrapUps: number; overflows: number }> {
  const now = ctx.now();
  const [agentIds, sessionIds] = await Promise.all([ctx.agents.claimDueWrapUps(now, 100), ctx.queueStore.claimDueQueueDeadlines(now, 100)]);
  for (const agentId of agentIds) {
    const ended = await ctx.agents.endWrapUp(agentId, now, false);
    if (!ended.ok || !ended.ended) continue;
    await publishStatusChange(ctx, ended.statusChange);
    distributeForAgent(ctx, agentId);
  }
  await Promise.all(sessionIds.map((sessionId) => ctx.serial.run(sessionId, () => overflowQueueCall(ctx, sessionId))));
  return { wrapUps: agentIds.length, overflows: sessionIds.length };
}

/** Re-distributes automatic queues and refreshes drifted estimates of every configured queue. */
export async function sweepQueues(ctx: CallContext): Promise<void> {
  for (const queue of ctx.queues.list()) {
    distributeSoon(ctx, queue.queueNumber);
    await publishQueueUpdates(ctx, queue.queueNumber);
  }
}

/** Starts the queue clock; returns a function that stops it. Errors are logged and it goes on. */
export function startQueueTimers(ctx: CallContext): () => void {
  let running = false;
  let ticks = 0;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ticks += 1;
    const work = ticks % SWEEP_EVERY_TICKS === 0 ? runQueueTimers(ctx).then(() => sweepQueues(ctx)) : runQueueTimers(ctx);
    work.catch((error) => ctx.logger.warn({ err: error }, "queue timers failed; retrying")).finally(() => (running = false));
  }, QUEUE_TIMER_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
