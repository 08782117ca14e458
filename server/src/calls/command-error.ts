/**
 * The error a command handler throws to refuse a command; the transport sends it to the client
 * as `{ type: "error", id, code, error: message }`, so the message must be a sentence a person can
 * act on.
 */
import type { ErrorCode } from "@acc/shared-types";
import type { TransitionError } from "../state/index.js";

export class CommandError extends Error {
  override readonly name = "CommandError";

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Maps a refused state transition to the error a screen gets: FORBIDDEN stays FORBIDDEN, a missing session is NOT_FOUND, refusals of capacity are CONFLICT. */
export function refusalToCommandError(refusal: TransitionError): CommandError {
  switch (refusal.code) {
    case "FORBIDDEN":
      return new CommandError("FORBIDDEN", refusal.message);
    case "NOT_FOUND":
    case "UNKNOWN_AGENT":
      return new CommandError("NOT_FOUND", refusal.message);
    case "INVALID_STATE":
      return new CommandError("INVALID_STATE", refusal.message);
    case "INVALID_ARGUMENT":
      return new CommandError("INVALID_MESSAGE", refusal.message);
    default:
      return new CommandError("CONFLICT", refusal.message);
  }
}
