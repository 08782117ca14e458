/**
 * The error a {@link CommandHandler} throws to refuse a command; the router sends it to the client
 * as `{ type: "error", id, code, error: message }`, so the message must be a sentence a person can
 * act on.
 */
import type { ErrorCode } from "@acc/shared-types";

export class CommandError extends Error {
  override readonly name = "CommandError";

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
