/**
 * What the screens are told about offers and waiting calls: `call_incoming` for an offer,
 * `incoming_queue_call` when a call (re-)enters its queue, `queue_call_updated` when a waiting
 * call's position, estimate or priority changes, `queue_call_removed` when it leaves, and
 * `call_state_changed` while a transfer holds the customer. No state transition happens here
 * beyond remembering what supervisors were last told.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import { QueueDirectory } from "../queues/queue-config.js";
import { DEFAULT_HANDLE_TIME_S, estimateWaitSeconds, queueCapacity, type QueueCapacity } from "../queues/wait-estimate.js";
import type { AgentRecord, SessionRecord, StatusChange } from "../state/index.js";
import { agentAndSupervisors, supervisorsOnly } from "./audience.js";
import type { CallContext } from "./context.js";
import { ringTimeoutFor } from "./deadlines.js";
import { callIncoming, callStateChanged, wholeSeconds } from "./payloads.js";
import { publishStatusChange } from "./status-events.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Agents a supervisor can assign a call to: `available` with a free slot, not wrapping up. */
export function assignableAgents(agents: readonly AgentRecord[]): EventPayloadMap["incoming_queue_call"]["availableAgents"] {
  return agents
    .filter((a) => a.capacity.canTakeCall)
    .map((a) => ({ agentId: a.agentId, extension: a.extension, agentName: a.agentName, currentCalls: a.capacity.current, maxCalls: a.maxCalls }));
}

/** The wait estimate inputs of one queue now: member capacity and average handle time (s). */
async function estimateInputs(ctx: CallContext, queueNumber: string, agents?: readonly AgentRecord[]): Promise<{ capacity: QueueCapacity; ahtS: number; agents: readonly AgentRecord[] }> {
  const all = agents ?? (await ctx.board.listAgents());
  const aht = await ctx.stats.averageHandleTimeS(queueNumber, ctx.now());
  return { capacity: queueCapacity(ctx.queues.get(queueNumber), all), ahtS: aht ?? DEFAULT_HANDLE_TIME_S, agents: all };
}

/**
 * Tells the screens about a call just reserved on an agent (`call_incoming`, then the agent's
 * status) and lets a direct caller hear ringing. A queue caller, or a transferred one, keeps
 * hearing music on hold.
 */
export async function announceOffer(ctx: CallContext, session: SessionRecord, statusChange: StatusChange, now: number, known?: AgentRecord): Promise<void> {
  const agentId = session.agentId;
  // The roster fields (name, extension, maxCalls) of an agent just read serve; capacity comes from the transition.
  const agent = known && known.agentId === agentId ? known : agentId ? await ctx.agents.getAgent(agentId) : null;
  if (!agent) return;
  const transferredBy = session.transferredFrom ? (await ctx.sessions.getSession(session.transferredFrom))?.agentId ?? null : null;
  await ctx.events.publish("call_incoming", callIncoming(session, agent, ringTimeoutFor(ctx, session), now, transferredBy), agentAndSupervisors(agent.agentId));
  await publishStatusChange(ctx, statusChange, { agent, sessions: [session] });
  if (session.kind !== "direct" || session.transferredFrom) return;
  try {
    await ctx.ari.ringChannel(session.customerChannelId);
  } catch (error) {
    // The customer may already be gone (its StasisEnd ends the session); otherwise the call goes
    // on without the ringback tone rather than failing.
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not ring the customer");
  }
}

/** `incoming_queue_call` for a call that (re-)entered its queue. */
export async function announceQueueCall(ctx: CallContext, session: SessionRecord): Promise<void> {
  const queueNumber = session.queueNumber ?? "";
  const [inputs, waiting] = await Promise.all([estimateInputs(ctx, queueNumber), ctx.queueStore.waitingSessionIds(queueNumber)]);
  const position = Math.max(1, waiting.indexOf(session.sessionId) + 1);
  const estimatedWaitTime = estimateWaitSeconds(position, inputs.capacity, inputs.ahtS);
  const now = ctx.now();
  await ctx.queueStore.markAnnounced(session.sessionId, `${position}:${estimatedWaitTime}:${session.priority}`);
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
  const waiting = read?.waiting ?? (await ctx.queueStore.waitingSessionIds(queueNumber));
  if (waiting.length === 0) return waiting;
  const inputs = read?.inputs ?? (await estimateInputs(ctx, queueNumber));
  const now = ctx.now();
  for (const [index, sessionId] of waiting.entries()) {
    const session = await ctx.sessions.getSession(sessionId);
    if (!session || session.state !== "queued") continue;
    const position = index + 1;
    const estimatedWaitTime = estimateWaitSeconds(position, inputs.capacity, inputs.ahtS);
    const signature = `${position}:${estimatedWaitTime}:${session.priority}`;
    if (!(await ctx.queueStore.markAnnounced(sessionId, signature))) continue;
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

/**
 * `call_state_changed` for the transferring agent's call: "transfer" with the target while the
 * customer hears music on hold, "unhold" when the call came back.
 */
export async function publishTransferState(ctx: CallContext, session: SessionRecord, transferring: boolean, target?: string): Promise<void> {
  const state = { onHold: transferring, muted: session.muted, ...(transferring && target ? { transferTarget: target } : {}) };
  await ctx.events.publish(
    "call_state_changed",
    callStateChanged(session, transferring ? "transfer" : "unhold", state, ctx.now()),
    agentAndSupervisors(session.agentId ?? ""),
  );
}
