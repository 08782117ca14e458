/**
 * Queue calls (`queue,<number>`): the customer is answered and waits in the queue's holding bridge
 * with music on hold, ordered in Redis by priority then entry time. Supervisors see
 * `incoming_queue_call`, `queue_call_updated` when a call's position or estimate changes, and
 * `queue_call_removed` when it leaves. Calls reach agents by a supervisor's `assign_queue_call` or,
 * for queues with an automatic strategy, by `distributeQueue`.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import { AriError, type Channel } from "../ari/index.js";
import { QueueDirectory } from "../queues/queue-config.js";
import { pickAgent } from "../queues/agent-selection.js";
import { DEFAULT_HANDLE_TIME_S, estimateWaitSeconds, queueCapacity, type QueueCapacity } from "../queues/wait-estimate.js";
import type { AgentRecord, SessionRecord, StatusChange } from "../state/index.js";
import { CommandError } from "../ws/index.js";
import { supervisorsOnly } from "./audiences.js";
import { refusalToCommandError } from "./command-errors.js";
import type { CallContext } from "./context.js";
import { openCustomerSession } from "./customer-session.js";
import { finishSession } from "./finish.js";
import { announceOffer } from "./offer.js";
import { wholeSeconds } from "./payloads.js";
import { holdingBridgeId } from "./stasis-args.js";

/** At most this many calls are offered per distribution pass (bounds one pass's work). */
const MAX_OFFERS_PER_PASS = 50;

const iso = (ms: number) => new Date(ms).toISOString();

/** Agents a supervisor can assign a call to: `available` with a free slot, not wrapping up. */
export function assignableAgents(agents: readonly AgentRecord[]): EventPayloadMap["incoming_queue_call"]["availableAgents"] {
  return agents
    .filter((a) => a.capacity.canTakeCall)
    .map((a) => ({ agentId: a.agentId, extension: a.extension, agentName: a.agentName, currentCalls: a.capacity.current, maxCalls: a.maxCalls }));
}

/**
 * The calls waiting in queues, each with its 1-based position within its own queue: higher
 * priority first, then earlier entry into the queue (the order of the queue's sorted set in Redis).
 * The one rule for positions, used by events and snapshots alike.
 */
export function queuePositions(open: readonly SessionRecord[]): { session: SessionRecord; position: number }[] {
  const seen = new Map<string, number>();
  return open
    .filter((s) => s.state === "queued")
    .sort((a, b) => b.priority - a.priority || (a.queueEnteredAt ?? a.createdAt) - (b.queueEnteredAt ?? b.createdAt) || a.sessionId.localeCompare(b.sessionId))
    .map((session) => {
      const position = (seen.get(session.queueNumber ?? "") ?? 0) + 1;
      seen.set(session.queueNumber ?? "", position);
      return { session, position };
    });
}

/** The wait estimate inputs of one queue now: member capacity and average handle time (s). */
async function estimateInputs(ctx: CallContext, queueNumber: string, agents?: readonly AgentRecord[]): Promise<{ capacity: QueueCapacity; ahtS: number; agents: readonly AgentRecord[] }> {
  const all = agents ?? (await ctx.board.listAgents());
  const aht = await ctx.stats.averageHandleTimeS(queueNumber, ctx.now());
  return { capacity: queueCapacity(ctx.queues.get(queueNumber), all), ahtS: aht ?? DEFAULT_HANDLE_TIME_S, agents: all };
}

/** Ring timeout (s) of an offer of `session`: its queue's for queue calls, RING_TIMEOUT_S otherwise. */
export function ringTimeoutFor(ctx: CallContext, session: Pick<SessionRecord, "kind" | "queueNumber" | "transferredFrom">): number {
  return session.kind === "queue" && session.queueNumber && !session.transferredFrom ? ctx.queues.get(session.queueNumber).ringTimeoutS : ctx.settings.ringTimeoutS;
}

/** The overflow deadline (Unix ms, 0 = none) of a call entering `queueNumber` at `now`. */
export function maxWaitDeadline(ctx: CallContext, queueNumber: string, now: number): number {
  const { maxWaitS } = ctx.queues.get(queueNumber);
  return maxWaitS > 0 ? now + maxWaitS * 1000 : 0;
}

/**
 * Puts the waiting customer into its queue's holding bridge (created on first use, with music on
 * hold for everyone in it). Failures are logged: the call still waits in Redis and can be assigned.
 */
export async function placeInHoldingBridge(ctx: CallContext, session: SessionRecord): Promise<void> {
  if (!session.queueNumber) return;
  const bridgeId = holdingBridgeId(session.queueNumber);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await ctx.ari.addChannelsToBridge(bridgeId, [session.customerChannelId]);
      return;
    } catch (error) {
      if (!(error instanceof AriError && error.kind === "not_found") || attempt > 0) {
        ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not put the caller in the holding bridge");
        return;
      }
      try {
        await ctx.ari.createBridge({ type: "holding", bridgeId, name: `queue ${session.queueNumber}` });
        await ctx.ari.startBridgeMoh(bridgeId);
      } catch (createError) {
        // Another node or an earlier call created it first (409): use it.
        if (!(createError instanceof AriError && createError.kind === "conflict")) {
          ctx.logger.warn({ err: createError, sessionId: session.sessionId }, "could not create the holding bridge");
        }
      }
    }
  }
}

/** `incoming_queue_call` for a call that (re-)entered its queue. */
export async function announceQueueCall(ctx: CallContext, session: SessionRecord): Promise<void> {
  const queueNumber = session.queueNumber ?? "";
  const [inputs, waiting] = await Promise.all([estimateInputs(ctx, queueNumber), ctx.sessions.waitingSessionIds(queueNumber)]);
  const position = Math.max(1, waiting.indexOf(session.sessionId) + 1);
  const estimatedWaitTime = estimateWaitSeconds(position, inputs.capacity, inputs.ahtS);
  const now = ctx.now();
  await ctx.sessions.markAnnounced(session.sessionId, `${position}:${estimatedWaitTime}:${session.priority}`);
  await ctx.events.publish(
    "incoming_queue_call",
    {
      sessionId: session.sessionId,
      channelId: session.customerChannelId,
      customerNumber: session.customerNumber,
      callerName: session.callerName,
      queuePosition: position,
      estimatedWaitTime,
      queueNumber,
      availableAgents: assignableAgents(inputs.agents.filter((a) => QueueDirectory.isMember(ctx.queues.get(queueNumber), a.agentId))),
      actions: { assignToAgent: true, setPriority: true, transfer: true, hangup: true },
      timestamp: iso(now),
    },
    supervisorsOnly,
  );
  await publishQueueUpdates(ctx, queueNumber, { waiting, inputs });
}

/**
 * `queue_call_updated` for each call of `queueNumber` whose position, estimate or priority differs
 * from what supervisors were last told (kept in Redis). `read`: the waiting ids and estimate inputs
 * the caller just read, sparing a second read. Returns the waiting session ids, first served first.
 */
export async function publishQueueUpdates(
  ctx: CallContext,
  queueNumber: string,
  read?: { waiting: string[]; inputs: Awaited<ReturnType<typeof estimateInputs>> },
): Promise<string[]> {
  const waiting = read?.waiting ?? (await ctx.sessions.waitingSessionIds(queueNumber));
  if (waiting.length === 0) return waiting;
  const inputs = read?.inputs ?? (await estimateInputs(ctx, queueNumber));
  const now = ctx.now();
  for (const [index, sessionId] of waiting.entries()) {
    const session = await ctx.sessions.getSession(sessionId);
    if (!session || session.state !== "queued") continue;
    const position = index + 1;
    const estimatedWaitTime = estimateWaitSeconds(position, inputs.capacity, inputs.ahtS);
    const signature = `${position}:${estimatedWaitTime}:${session.priority}`;
    if (!(await ctx.sessions.markAnnounced(sessionId, signature))) continue;
    await ctx.events.publish(
      "queue_call_updated",
      {
        sessionId,
        queueNumber,
        queuePosition: position,
        estimatedWaitTime,
        priority: session.priority,
        waitingSince: iso(session.queueEnteredAt ?? session.createdAt),
        timestamp: iso(now),
      },
      supervisorsOnly,
    );
  }
  return waiting;
}

/** `queue_call_removed` for a call that left its queue. */
export async function announceRemoval(
  ctx: CallContext,
  session: SessionRecord,
  reason: EventPayloadMap["queue_call_removed"]["reason"],
): Promise<void> {
  const now = ctx.now();
  await ctx.events.publish(
    "queue_call_removed",
    { sessionId: session.sessionId, queueNumber: session.queueNumber ?? "", reason, waitedSeconds: wholeSeconds(session.queueEnteredAt ?? session.createdAt, now), timestamp: iso(now) },
    supervisorsOnly,
  );
  ctx.statsChanged();
  if (session.queueNumber) await publishQueueUpdates(ctx, session.queueNumber);
}

/** Handles the StasisStart of a queue call. A repeated StasisStart does nothing. */
export async function enqueueCall(ctx: CallContext, channel: Channel, queueNumber: string): Promise<void> {
  const now = ctx.now();
  const session = await openCustomerSession(ctx, channel, { kind: "queue", queueNumber, maxWaitDeadline: maxWaitDeadline(ctx, queueNumber, now) });
  if (!session) return;
  try {
    await ctx.ari.answerChannel(channel.id);
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not answer the queue call");
  }
  await placeInHoldingBridge(ctx, session);
  await announceQueueCall(ctx, session);
  ctx.statsChanged();
  distributeSoon(ctx, queueNumber);
}

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
      const [head] = await ctx.sessions.waitingSessionIds(queueNumber);
      if (!head) break;
      const candidates = (await ctx.board.listAgents()).filter(
        (a) => QueueDirectory.isMember(queue, a.agentId) && a.capacity.canTakeCall && !refused.has(a.agentId),
      );
      const last = queue.strategy === "round-robin" ? await ctx.sessions.roundRobinLast(queueNumber) : null;
      const agent = pickAgent(queue, candidates, last);
      if (!agent) break;
      const session = await ctx.sessions.getSession(head);
      if (!session || session.state !== "queued") continue;
      const now = ctx.now();
      const reserved = await ctx.sessions.reserveSlot(head, agent.agentId, now + queue.ringTimeoutS * 1000, now);
      if (!reserved.ok) {
        // The agent's capacity changed since it was read: try the next one.
        refused.add(agent.agentId);
        continue;
      }
      if (queue.strategy === "round-robin") await ctx.sessions.setRoundRobinLast(queueNumber, agent.agentId);
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

async function queuedSession(ctx: CallContext, sessionId: string): Promise<SessionRecord> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.kind !== "queue") throw new CommandError("NOT_FOUND", `No queued call ${sessionId}.`);
  if (session.state !== "queued") throw new CommandError("CONFLICT", `Call ${sessionId} is no longer waiting (it is ${session.state}).`);
  return session;
}

/**
 * `assign_queue_call` from a supervisor: reserves a slot on the agent atomically and offers the call.
 * @throws CommandError NOT_FOUND, CONFLICT (no longer waiting, or the agent cannot take it).
 */
export async function assignQueueCall(ctx: CallContext, sessionId: string, agentId: string): Promise<Record<string, unknown>> {
  const session = await queuedSession(ctx, sessionId);
  const now = ctx.now();
  const reserved = await ctx.sessions.reserveSlot(sessionId, agentId, now + ringTimeoutFor(ctx, session) * 1000, now);
  if (!reserved.ok) {
    const code = reserved.code === "UNKNOWN_AGENT" || reserved.code === "NOT_FOUND" ? "NOT_FOUND" : "CONFLICT";
    throw new CommandError(code, reserved.message);
  }
  await announceOffer(ctx, reserved.session, reserved.statusChange, now);
  await announceRemoval(ctx, session, "assigned");
  return { sessionId, agentId, state: "ringing" };
}

/** `hangup_queue_call` from a supervisor: the waiting customer is hung up. */
export async function hangupQueueCall(ctx: CallContext, sessionId: string): Promise<Record<string, unknown>> {
  await queuedSession(ctx, sessionId);
  await finishSession(ctx, sessionId, { kind: "hung_up_from_screen", endedBy: "supervisor" });
  return { sessionId, state: "ended" };
}

/**
 * `set_queue_priority` from a supervisor: the call moves to its new place (higher first).
 * @throws CommandError NOT_FOUND, CONFLICT (no longer waiting), INVALID_MESSAGE (out of -100..100).
 */
export async function setQueuePriority(ctx: CallContext, sessionId: string, priority: number): Promise<Record<string, unknown>> {
  const session = await queuedSession(ctx, sessionId);
  const changed = await ctx.sessions.setQueuePriority(sessionId, priority);
  if (!changed.ok) throw refusalToCommandError(changed);
  const waiting = await publishQueueUpdates(ctx, session.queueNumber ?? "");
  return { sessionId, priority, queuePosition: waiting.indexOf(sessionId) + 1 };
}

/**
 * Moves a session into another queue (a waiting call moved by a supervisor, a connected call an
 * agent transferred to a queue, a call that waited its queue's maximum): it waits there anew, in
 * that queue's holding bridge. Returns the session before and after and the status change of the
 * agent it left (null without one), or null when refused (logged).
 */
export async function moveToQueue(
  ctx: CallContext,
  sessionId: string,
  queueNumber: string,
): Promise<{ previous: SessionRecord; session: SessionRecord; statusChange: StatusChange | null } | null> {
  const now = ctx.now();
  const moved = await ctx.sessions.requeueSession(sessionId, queueNumber, now, maxWaitDeadline(ctx, queueNumber, now));
  if (!moved.ok) {
    ctx.logger.warn({ sessionId, queueNumber, code: moved.code }, moved.message);
    return null;
  }
  await placeInHoldingBridge(ctx, moved.session);
  await announceQueueCall(ctx, moved.session);
  ctx.statsChanged();
  distributeSoon(ctx, queueNumber);
  return { previous: moved.previous, session: moved.session, statusChange: moved.statusChange };
}

/**
 * A waiting call reached its queue's maximum wait: it overflows into the configured queue, or is
 * hung up. Calls no longer waiting are left alone.
 */
export async function overflowQueueCall(ctx: CallContext, sessionId: string): Promise<void> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.state !== "queued" || !session.queueNumber) return;
  const { overflow } = ctx.queues.get(session.queueNumber);
  if (overflow.action === "queue") {
    const moved = await moveToQueue(ctx, sessionId, overflow.queueNumber);
    if (moved) await announceRemoval(ctx, moved.previous, "overflow");
    return;
  }
  await finishSession(ctx, sessionId, { kind: "overflow" });
}
