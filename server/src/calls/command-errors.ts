/** Maps a refused state transition to the error frame a screen gets. */
import type { TransitionError } from "../state/index.js";
import { CommandError } from "../ws/index.js";

/** FORBIDDEN stays FORBIDDEN, a missing session is NOT_FOUND, refusals of capacity are CONFLICT. */
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
