/**
 * Supervisors' commands on a waiting queue call: `assign_queue_call` (offer it to an agent),
 * `hangup_queue_call` and `set_queue_priority`.
 */
import { announceOffer, announceRemoval, publishQueueUpdates } from "./announcements.js";
import type { SessionRecord } from "../state/index.js";
import { CommandError, refusalToCommandError } from "./command-error.js";
import type { CallContext } from "./context.js";
import { customerChannelGone } from "./customer-presence.js";
import { ringTimeoutFor } from "./deadlines.js";
import { finishSession } from "./finish.js";

async function queuedSession(ctx: CallContext, sessionId: string): Promise<SessionRecord> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released || session.kind !== "queue") throw new CommandError("NOT_FOUND", `No queued call ${sessionId}.`);
  if (session.state !== "queued") throw new CommandError("CONFLICT", `Call ${sessionId} is no longer waiting (it is ${session.state}).`);
  return session;
}

/**
 * `assign_queue_call` from a supervisor: reserves a slot on the agent atomically and offers the call.
 * @throws CommandError NOT_FOUND (also when the caller has hung up: the call then ends as abandoned),
 *   CONFLICT (no longer waiting, or the agent cannot take it).
 */
export async function assignQueueCall(ctx: CallContext, sessionId: string, agentId: string): Promise<Record<string, unknown>> {
  const session = await queuedSession(ctx, sessionId);
  if (await customerChannelGone(ctx, session.customerChannelId)) {
    await finishSession(ctx, sessionId, { kind: "customer_left", reason: "customer_disconnected" }, session);
    throw new CommandError("NOT_FOUND", `The caller of ${sessionId} has hung up.`);
  }
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
  const changed = await ctx.queueStore.setQueuePriority(sessionId, priority);
  if (!changed.ok) throw refusalToCommandError(changed);
  const waiting = await publishQueueUpdates(ctx, session.queueNumber ?? "");
  return { sessionId, priority, queuePosition: waiting.indexOf(sessionId) + 1 };
}
