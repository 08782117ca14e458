/**
 * A customer entered the Stasis app for a queue (`queue,<number>`): the call is answered and waits
 * with music on hold; supervisors see `incoming_queue_call` and can assign it to an agent with free
 * capacity (`assign_queue_call`) or hang it up (`hangup_queue_call`). Automatic distribution,
 * priorities and queue statistics are built on this by the queue routing.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { AgentRecord, SessionRecord } from "../state/index.js";
import type { Channel } from "../ari/index.js";
import { CommandError } from "../ws/index.js";
import { supervisorsOnly } from "./audiences.js";
import type { CallContext } from "./context.js";
import { finishSession } from "./finish.js";
import { announceOffer } from "./offer.js";
import { openCustomerSession } from "./customer-session.js";

/**
 * Handle time (s) assumed per call ahead in the wait estimate. A fixed figure until queue routing
 * measures handle times from recent calls.
 */
export const ASSUMED_HANDLE_TIME_S = 120;

/**
 * Estimated wait (s) of the call at `position` (1-based): the calls ahead of it, each taking the
 * average handle time, shared among the agents who can take a call now (at least one).
 */
export function estimateWaitSeconds(position: number, avgHandleTimeS: number, agentsWithCapacity: number): number {
  return Math.round(((position - 1) * avgHandleTimeS) / Math.max(1, agentsWithCapacity));
}

/** Agents a supervisor can assign a call to: `available` with a free slot. */
export function assignableAgents(agents: readonly AgentRecord[]): EventPayloadMap["incoming_queue_call"]["availableAgents"] {
  return agents
    .filter((a) => a.capacity.canTakeCall)
    .map((a) => ({ agentId: a.agentId, extension: a.extension, agentName: a.agentName, currentCalls: a.capacity.current, maxCalls: a.maxCalls }));
}

/**
 * The calls waiting in queues, each with its 1-based position within its own queue: queued
 * sessions in arrival order. The one rule for positions, used by offers and snapshots alike.
 */
export function queuePositions(open: readonly SessionRecord[]): { session: SessionRecord; position: number }[] {
  const seen = new Map<string, number>();
  return open
    .filter((s) => s.state === "queued")
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((session) => {
      const position = (seen.get(session.queueNumber ?? "") ?? 0) + 1;
      seen.set(session.queueNumber ?? "", position);
      return { session, position };
    });
}

/** Handles the StasisStart of a queue call. A repeated StasisStart does nothing. */
export async function enqueueCall(ctx: CallContext, channel: Channel, queueNumber: string): Promise<void> {
  const session = await openCustomerSession(ctx, channel, { kind: "queue", queueNumber });
  if (!session) return;
  const now = ctx.now();
  try {
    await ctx.ari.answerChannel(channel.id);
    await ctx.ari.startMoh(channel.id);
  } catch (error) {
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not answer the queue call");
  }
  const [agents, open] = await Promise.all([ctx.agents.listAgents(), ctx.sessions.listOpenSessions()]);
  const available = assignableAgents(agents);
  const position = queuePositions(open).find((q) => q.session.sessionId === session.sessionId)?.position ?? 1;
  await ctx.events.publish(
    "incoming_queue_call",
    {
      sessionId: session.sessionId,
      channelId: channel.id,
      customerNumber: session.customerNumber,
      callerName: session.callerName,
      queuePosition: position,
      estimatedWaitTime: estimateWaitSeconds(position, ASSUMED_HANDLE_TIME_S, available.length),
      queueNumber,
      availableAgents: available,
      actions: { assignToAgent: true, setPriority: false, transfer: false, hangup: true },
      timestamp: new Date(now).toISOString(),
    },
    supervisorsOnly,
  );
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
  const reserved = await ctx.sessions.reserveSlot(sessionId, agentId, now + ctx.settings.ringTimeoutS * 1000, now);
  if (!reserved.ok) {
    const code = reserved.code === "UNKNOWN_AGENT" || reserved.code === "NOT_FOUND" ? "NOT_FOUND" : "CONFLICT";
    throw new CommandError(code, reserved.message);
  }
  await announceOffer(ctx, reserved.session, reserved.statusChange, now);
  await ctx.events.publish(
    "queue_call_removed",
    { sessionId, queueNumber: session.queueNumber ?? "", reason: "assigned", waitedSeconds: Math.floor((now - session.createdAt) / 1000), timestamp: new Date(now).toISOString() },
    supervisorsOnly,
  );
  return { sessionId, agentId, state: "ringing" };
}

/** `hangup_queue_call` from a supervisor: the waiting customer is hung up. */
export async function hangupQueueCall(ctx: CallContext, sessionId: string): Promise<Record<string, unknown>> {
  await queuedSession(ctx, sessionId);
  await finishSession(ctx, sessionId, { kind: "hung_up_from_screen", endedBy: "supervisor" });
  return { sessionId, state: "ended" };
}
