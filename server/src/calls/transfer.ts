/**
 * Blind transfer (`transfer_call`). An agent transfers its connected call:
 * - to another agent's extension: the target is offered the call as a direct call
 *   (`call_incoming` with `callType: "transfer"`); the customer hears music on hold; the
 *   transferring agent keeps its slot and its line until the target answers, then its leg is hung
 *   up and it gets `call_ended_normally` with `transferredTo`. If the target rejects, does not
 *   answer or cannot be reached, the call stays with the transferring agent (music on hold stops,
 *   `call_state_changed` "unhold").
 * - to a queue number: the agent's slot is freed at once and the customer waits in that queue.
 * A supervisor transfers a waiting queue call to another queue or to an agent's extension.
 */
import { AriError } from "../ari/index.js";
import type { Identity } from "../auth/token.js";
import type { SessionRecord } from "../state/index.js";
import { announceOffer, announceRemoval, publishTransferState } from "./announcements.js";
import { releaseAgentSide } from "./ari-cleanup.js";
import { agentAndSupervisors } from "./audience.js";
import { CommandError, refusalToCommandError } from "./command-error.js";
import type { CallContext } from "./context.js";
import { ringTimeoutFor } from "./deadlines.js";
import { finishSession } from "./finish.js";
import { callEnded } from "./payloads.js";
import { moveToQueue } from "./queue-entry.js";
import { publishStatusChange } from "./status-events.js";

/** Transfers to agents one call may go through (bounds the id search). */
const MAX_TRANSFERS = 20;

/** The session id of the `n`-th (from 1) transfer of `sessionId` to an agent. */
export const transferSessionId = (sessionId: string, n: number): string => `${sessionId}-t${n}`;

/** Where a transfer goes: an agent (by extension) or a configured queue. */
async function resolveTarget(ctx: CallContext, target: string): Promise<{ kind: "agent"; agentId: string } | { kind: "queue"; queueNumber: string }> {
  const agent = await ctx.agents.findByExtension(target);
  if (agent) return { kind: "agent", agentId: agent.agentId };
  if (ctx.queues.has(target)) return { kind: "queue", queueNumber: target };
  throw new CommandError("NOT_FOUND", `${target} is neither an agent's extension nor a configured queue.`);
}

/**
 * `transfer_call` from an agent (its own connected call) or a supervisor (a waiting queue call).
 * @throws CommandError NOT_FOUND, FORBIDDEN, INVALID_STATE, CONFLICT (target cannot take the call).
 */
export async function transferCall(ctx: CallContext, identity: Identity, sessionId: string, target: string): Promise<Record<string, unknown>> {
  const session = await ctx.sessions.getSession(sessionId);
  if (!session || session.released) throw new CommandError("NOT_FOUND", `No active call ${sessionId}.`);
  const destination = await resolveTarget(ctx, target);
  if (identity.role === "supervisor") return transferWaitingCall(ctx, session, destination, target);
  if (session.agentId !== identity.agentId) throw new CommandError("FORBIDDEN", `Call ${sessionId} belongs to another agent.`);
  if (session.state !== "connected") throw new CommandError("INVALID_STATE", `Call ${sessionId} is ${session.state}; only a connected call can be transferred.`);
  if (destination.kind === "queue") return transferToQueue(ctx, session, destination.queueNumber);
  return transferToAgent(ctx, session, destination.agentId, target);
}

async function transferWaitingCall(
  ctx: CallContext,
  session: SessionRecord,
  destination: { kind: "agent"; agentId: string } | { kind: "queue"; queueNumber: string },
  target: string,
): Promise<Record<string, unknown>> {
  if (session.state !== "queued") throw new CommandError("CONFLICT", `Call ${session.sessionId} is no longer waiting (it is ${session.state}).`);
  if (destination.kind === "queue") {
    const moved = await moveToQueue(ctx, session.sessionId, destination.queueNumber);
    if (!moved) throw new CommandError("CONFLICT", `Call ${session.sessionId} could not be moved to queue ${target}.`);
    await announceRemoval(ctx, moved.previous, "transferred");
    return { sessionId: session.sessionId, queueNumber: destination.queueNumber, state: "queued" };
  }
  const now = ctx.now();
  const reserved = await ctx.sessions.reserveSlot(session.sessionId, destination.agentId, now + ringTimeoutFor(ctx, session) * 1000, now);
  if (!reserved.ok) throw refusalToCommandError(reserved);
  await announceOffer(ctx, reserved.session, reserved.statusChange, now);
  await announceRemoval(ctx, session, "transferred");
  return { sessionId: session.sessionId, agentId: destination.agentId, state: "ringing" };
}

async function transferToQueue(ctx: CallContext, session: SessionRecord, queueNumber: string): Promise<Record<string, unknown>> {
  if (session.transferTo) throw new CommandError("INVALID_STATE", `Call ${session.sessionId} is already being transferred.`);
  const moved = await moveToQueue(ctx, session.sessionId, queueNumber);
  if (!moved) throw new CommandError("CONFLICT", `Call ${session.sessionId} could not be transferred to queue ${queueNumber}.`);
  const now = ctx.now();
  const previous = moved.previous;
  await ctx.events.publish("call_ended_normally", { ...callEnded(previous, now, "agent"), transferredTo: queueNumber }, agentAndSupervisors(previous.agentId ?? ""));
  await publishStatusChange(ctx, moved.statusChange);
  await releaseAgentSide(ctx, previous);
  return { sessionId: session.sessionId, queueNumber, state: "queued" };
}

async function transferToAgent(ctx: CallContext, session: SessionRecord, agentId: string, target: string): Promise<Record<string, unknown>> {
  const now = ctx.now();
  const targetId = await nextTransferSessionId(ctx, session.sessionId);
  const begun = await ctx.transfers.beginTransfer(session.sessionId, targetId, session.agentId ?? "", agentId, now + ctx.settings.ringTimeoutS * 1000, now);
  if (!begun.ok) throw refusalToCommandError(begun);
  try {
    await ctx.ari.startMoh(session.customerChannelId);
  } catch (error) {
    if (!(error instanceof AriError)) throw error;
    ctx.logger.warn({ err: error, sessionId: session.sessionId }, "could not play music on hold during the transfer");
  }
  await publishTransferState(ctx, session, true, target);
  await announceOffer(ctx, begun.session, begun.statusChange, now);
  return { sessionId: session.sessionId, transferSessionId: targetId, agentId, state: "transferring" };
}

/** The first unused transfer session id of `sessionId` (earlier transfers' ids stay taken for an hour). */
async function nextTransferSessionId(ctx: CallContext, sessionId: string): Promise<string> {
  for (let n = 1; n <= MAX_TRANSFERS; n += 1) {
    const id = transferSessionId(sessionId, n);
    if (!(await ctx.sessions.getSession(id))) return id;
  }
  throw new CommandError("CONFLICT", `Call ${sessionId} was already transferred ${MAX_TRANSFERS} times.`);
}

/** The transfer's target is connected with the customer: the transferring agent's call ends. */
export async function completeTransfer(ctx: CallContext, target: SessionRecord): Promise<void> {
  const fromId = target.transferredFrom;
  if (!fromId) return;
  const handed = await ctx.transfers.handOverCustomer(fromId, target.sessionId, target.customerChannelId);
  if (!handed.ok) {
    ctx.logger.warn({ sessionId: fromId, target: target.sessionId }, handed.message);
    return;
  }
  await finishSession(ctx, fromId, { kind: "transferred", to: target.extension ?? "" });
}
