/**
 * An ARI request failure: the HTTP status and the `message` Asterisk puts in its JSON error body
 * `{"message": "..."}` (source: Asterisk res/ari `ast_ari_response_error` calls).
 */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AriError";
  }
}

/** Asterisk's answer when it cannot create a channel (e.g. an unknown or unreachable endpoint). */
export function allocationFailed(): AriError {
  return new AriError(500, "Allocation failed");
}
