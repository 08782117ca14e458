/**
 * Automatic distribution: the calls waiting in a queue with an automatic strategy are offered to
 * its members, by the strategy of `queues/agent-selection.ts`. Triggered when a call enters a queue
 * or comes back to it, when an agent can take a call again, and by the queue clock's sweep.
 */
import { QueueDirectory } from "../queues/queue-config.js";
import { pickAgent } from "../queues/agent-selection.js";
import { announceOffer, announceRemoval } from "./announcements.js";
import type { CallContext } from "./context.js";
import { customerChannelGone } from "./customer-presence.js";

/** At most this many calls are offered per distribution pass (bounds one pass's work). */
const MAX_OFFERS_PER_PASS = 50;

/**
 * Offers the calls waiting in `queueNumber` to members who can take them, by the queue's strategy,
 * until the queue is empty or nobody can take a call. Nothing for `manual` queues. Each offer is the
 * atomic reservation (the call leaves the queue in the same step), so concurrent passes on several
 * nodes never offer one call twice. `exclude`: agents not to offer to in this pass (the agent who
 * just let the call go).
 */
export async function distributeQueue(ctx: CallContext, queueNumber: string, exclude: readonly string[] = []): Promise<number> {
  const queue = ctx.queues.get(queueNumber);
  if (queue.strategy === "manual") return 0;
  return ctx.serial.run(`queue:${queueNumber}`, async () => {
    let offered = 0;
    const refused = new Set(exclude);
    for (let pass = 0; pass < MAX_OFFERS_PER_PASS; pass += 1) {
      const [head] = await ctx.queueStore.waitingSessionIds(queueNumber);
      if (!head) break;
      const candidates = (await ctx.board.listAgents()).filter(
        (a) => QueueDirectory.isMember(queue, a.agentId) && a.capacity.canTakeCall && !refused.has(a.agentId),
      );
      const last = queue.strategy === "round-robin" ? await ctx.queueStore.roundRobinLast(queueNumber) : null;
      const agent = pickAgent(queue, candidates, last);
      if (!agent) break;
      const session = await ctx.sessions.getSession(head);
      if (!session || session.state !== "queued") continue;
      if (await customerChannelGone(ctx, session.customerChannelId)) {
        // The caller left while its StasisEnd was missed: end it once instead of offering a ghost.
        await ctx.customerGone(head);
        continue;
      }
      const now = ctx.now();
      const reserved = await ctx.sessions.reserveSlot(head, agent.agentId, now + queue.ringTimeoutS * 1000, now);
      if (!reserved.ok) {
        // The agent's capacity changed since it was read: try the next one.
        refused.add(agent.agentId);
        continue;
      }
      if (queue.strategy === "round-robin") await ctx.queueStore.setRoundRobinLast(queueNumber, agent.agentId);
      offered += 1;
      await announceOffer(ctx, reserved.session, reserved.statusChange, now);
      await announceRemoval(ctx, session, "assigned");
    }
    return offered;
  });
}

/** Runs `distributeQueue` without waiting for it (from inside per-session work); errors are logged. */
export function distributeSoon(ctx: CallContext, queueNumber: string, exclude: readonly string[] = []): void {
  if (!queueNumber || ctx.queues.get(queueNumber).strategy === "manual") return;
  distributeQueue(ctx, queueNumber, exclude).catch((error) => ctx.logger.warn({ err: error, queueNumber }, "queue distribution failed; the next trigger retries"));
}

/** Runs distribution for every queue `agentId` serves (it may just have become able to take a call). */
export function distributeForAgent(ctx: CallContext, agentId: string): void {
  for (const queue of ctx.queues.list()) {
    if (QueueDirectory.isMember(queue, agentId)) distributeSoon(ctx, queue.queueNumber);
  }
}
