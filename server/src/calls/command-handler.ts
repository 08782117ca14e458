/**
 * Carries out the screens' commands (`docs/events.md`, "Commands"). The transport has
 * already checked the frame and the role; this checks ownership (an agent acts only on its own
 * calls: FORBIDDEN otherwise, and nothing changes) and the call's state.
 */
import type { ClientCommand } from "@acc/shared-types";
import { AriError } from "../ari/index.js";
import type { Identity } from "../auth/token.js";
import { CommandError, refusalToCommandError } from "./command-error.js";
import { answerCall } from "./connect.js";
import type { CallContext } from "./context.js";
import { setHold, setMute } from "./controls.js";
import { distributeForAgent } from "./distribution.js";
import { finishSession } from "./finish.js";
import { missedOffer } from "./missed-offer.js";
import { assignQueueCall, hangupQueueCall, setQueuePriority } from "./queue-commands.js";
import { transferCall } from "./transfer.js";
import { publishStatusChange } from "./status-events.js";

function agentIdOf(identity: Identity): string {
  if (!identity.agentId) throw new CommandError("FORBIDDEN", "This command needs an agent token.");
  return identity.agentId;
}

/**
 * Runs one command for `identity`; resolves with the ack's `result`.
 * @throws CommandError with the code for the error frame; an ARI failure becomes UNAVAILABLE.
 */
export async function handleCommand(ctx: CallContext, command: ClientCommand, identity: Identity): Promise<Record<string, unknown> | void> {
  try {
    return await dispatch(ctx, command, identity);
  } catch (error) {
    if (error instanceof AriError) {
      throw new CommandError("UNAVAILABLE", `Asterisk did not carry out the command (${error.operation}: ${error.message}). Try again.`);
    }
    throw error;
  }
}

async function dispatch(ctx: CallContext, command: ClientCommand, identity: Identity): Promise<Record<string, unknown> | void> {
  switch (command.type) {
    case "set_status": {
      const agentId = agentIdOf(identity);
      const changed = await ctx.agents.setPresence(agentId, command.status, command.reason, ctx.now());
      if (!changed.ok) throw refusalToCommandError(changed);
      await publishStatusChange(ctx, changed.statusChange);
      if (changed.statusChange.capacity.canTakeCall) distributeForAgent(ctx, agentId);
      return { status: changed.statusChange.status };
    }
    case "answer_call": {
      const agentId = agentIdOf(identity);
      return ctx.serial.run(command.sessionId, () => answerCall(ctx, agentId, command.sessionId));
    }
    case "reject_call": {
      const agentId = agentIdOf(identity);
      return ctx.serial.run(command.sessionId, async () => {
        const session = await ctx.sessions.getSession(command.sessionId);
        if (!session || session.released) throw new CommandError("NOT_FOUND", `No active call ${command.sessionId}.`);
        if (session.agentId !== agentId) throw new CommandError("FORBIDDEN", `Call ${command.sessionId} belongs to another agent.`);
        if (session.state !== "ringing") throw new CommandError("INVALID_STATE", `Call ${command.sessionId} is ${session.state}; only a ringing call can be rejected.`);
        await missedOffer(ctx, command.sessionId, "rejected", command.reason);
        return { sessionId: command.sessionId, state: "ended" };
      });
    }
    case "hangup_call":
      return ctx.serial.run(command.sessionId, async () => {
        const session = await ctx.sessions.getSession(command.sessionId);
        if (!session || session.released) throw new CommandError("NOT_FOUND", `No active call ${command.sessionId}.`);
        if (identity.role === "agent" && session.agentId !== identity.agentId) {
          throw new CommandError("FORBIDDEN", `Call ${command.sessionId} belongs to another agent.`);
        }
        if (session.state !== "connecting" && session.state !== "connected") {
          throw new CommandError("INVALID_STATE", `Call ${command.sessionId} is ${session.state}; reject a ringing call instead of hanging it up.`);
        }
        const endedBy = identity.role === "supervisor" ? "supervisor" : "agent";
        await finishSession(ctx, command.sessionId, { kind: "hung_up_from_screen", endedBy });
        return { sessionId: command.sessionId, state: "ended" };
      });
    case "hold_call":
    case "unhold_call": {
      const agentId = agentIdOf(identity);
      return ctx.serial.run(command.sessionId, () => setHold(ctx, agentId, command.sessionId, command.type === "hold_call"));
    }
    case "mute_call":
    case "unmute_call": {
      const agentId = agentIdOf(identity);
      const direction = command.direction ?? "both";
      return ctx.serial.run(command.sessionId, () => setMute(ctx, agentId, command.sessionId, direction, command.type === "mute_call"));
    }
    case "assign_queue_call":
      return ctx.serial.run(command.sessionId, () => assignQueueCall(ctx, command.sessionId, command.agentId));
    case "hangup_queue_call":
      return ctx.serial.run(command.sessionId, () => hangupQueueCall(ctx, command.sessionId));
    case "transfer_call":
      return ctx.serial.run(command.sessionId, () => transferCall(ctx, identity, command.sessionId, command.target));
    case "set_queue_priority":
      return ctx.serial.run(command.sessionId, () => setQueuePriority(ctx, command.sessionId, command.priority));
    case "end_wrap_up": {
      const agentId = agentIdOf(identity);
      const ended = await ctx.agents.endWrapUp(agentId, ctx.now(), true);
      if (!ended.ok) throw refusalToCommandError(ended);
      if (!ended.ended) throw new CommandError("INVALID_STATE", "You are not in after-call work.");
      await publishStatusChange(ctx, ended.statusChange);
      distributeForAgent(ctx, agentId);
      return { status: ended.statusChange?.status ?? "available" };
    }
    default:
      throw new CommandError("UNKNOWN_COMMAND", `Command "${command.type}" is not handled here.`);
  }
}
