/**
 * One error type for everything that can go wrong talking to Asterisk over ARI, and the
 * normaliser that turns ari-client's raw rejections into it.
 *
 * Why a normaliser (verified in node_modules/ari-client/lib/client.js, `swaggerError`, and
 * swagger-client 2.0.26): an HTTP error reaches the caller as `new Error(<raw response body>)`,
 * so the status code is lost; an error response with an empty body arrives as swagger's plain
 * response object `{ status, data, ... }`; swagger-client's own failures are thrown strings
 * ("401 : Unauthorized <url>", "channelId is a required path param."); network failures while
 * loading the API arrive as `Error` with a `code` (ECONNREFUSED...) named "HostIsNotReachable".
 */

/**
 * What went wrong, independent of how ari-client reported it:
 * - `not_found` (404): the channel or bridge does not exist (any more).
 * - `conflict` (409, 412): the channel or bridge is in the wrong place or state, e.g. not in the
 *   Stasis app, or the id is already taken.
 * - `bad_request` (400): invalid parameters.
 * - `unprocessable` (422): valid parameters Asterisk cannot act on, e.g. adding a channel that is
 *   not in the Stasis app to a bridge.
 * - `unauthorized` (401, 403): Asterisk refused the ARI credentials.
 * - `timeout`: no answer within the request timeout (ari-client has no timeout of its own).
 * - `unavailable`: Asterisk is unreachable or the connection is being rebuilt.
 * - `unknown`: anything else.
 */
export type AriErrorKind =
  | "not_found"
  | "conflict"
  | "bad_request"
  | "unprocessable"
  | "unauthorized"
  | "timeout"
  | "unavailable"
  | "unknown";

/** Fields of an {@link AriError}. */
export interface AriErrorInit {
  kind: AriErrorKind;
  /** The ARI operation as `<resource>.<operation>` of ari-client, e.g. "channels.answer". */
  operation: string;
  /**
   * HTTP status: the real one when the response kept it, or the status Asterisk's listing gives
   * for the message when ari-client lost it; absent when neither is known.
   */
  status?: number;
  /** Asterisk's `message` when the body was JSON, otherwise the best text available. */
  message: string;
  cause?: unknown;
}

/** A failed ARI operation, normalised. `message` is Asterisk's own wording when it had one. */
export class AriError extends Error {
  readonly kind: AriErrorKind;
  readonly operation: string;
  readonly status: number | undefined;

  constructor(init: AriErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "AriError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
  }
}

/**
 * Maps an HTTP status from ARI to a kind. 412 "Channel in invalid state" counts as a conflict:
 * the request clashes with the channel's current state, as 409 does with its current place.
 */
export function ariErrorKindForStatus(status: number): AriErrorKind {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
    case 403:
      return "unauthorized";
    case 404:
      return "not_found";
    case 409:
    case 412:
      return "conflict";
    case 422:
      return "unprocessable";
    case 502:
    case 503:
    case 504:
      return "unavailable";
    default:
      return "unknown";
  }
}

const CHANNEL_CONTROL: ReadonlyArray<readonly [number, string]> = [
  [404, "Channel not found"],
  [409, "Channel not in a Stasis application"],
  [412, "Channel in invalid state"],
];

/**
 * The error responses Asterisk's Swagger listing (20.20.1, channels.json and bridges.json,
 * `errorResponses`: code and reason) declares for each operation this module calls. The same
 * message means different statuses in different operations ("Channel not found" is 404 for
 * channels.answer but 400 for bridges.addChannel), so the status is looked up per operation.
 */
const LISTED_ERRORS: Readonly<Record<string, ReadonlyArray<readonly [number, string]>>> = {
  "channels.originate": [
    [400, "Invalid parameters for originating a channel."],
    [409, "Channel with given unique ID already exists."],
  ],
  "channels.get": [[404, "Channel not found"]],
  "channels.hangup": [
    [400, "Invalid reason for hangup provided"],
    [404, "Channel not found"],
  ],
  "channels.answer": CHANNEL_CONTROL,
  "channels.ring": CHANNEL_CONTROL,
  "channels.ringStop": CHANNEL_CONTROL,
  "channels.hold": CHANNEL_CONTROL,
  "channels.unhold": CHANNEL_CONTROL,
  "channels.mute": CHANNEL_CONTROL,
  "channels.unmute": CHANNEL_CONTROL,
  "channels.startMoh": CHANNEL_CONTROL,
  "channels.stopMoh": CHANNEL_CONTROL,
  "channels.continueInDialplan": CHANNEL_CONTROL,
  "channels.redirect": [
    [400, "Endpoint parameter not provided"],
    [404, "Channel or endpoint not found"],
    [409, "Channel not in a Stasis application"],
    [422, "Endpoint is not the same type as the channel"],
    [412, "Channel in invalid state"],
  ],
  "bridges.create": [[409, "Bridge with the same bridgeId already exists"]],
  "bridges.destroy": [[404, "Bridge not found"]],
  "bridges.addChannel": [
    [400, "Channel not found"],
    [404, "Bridge not found"],
    [409, "Bridge not in Stasis application"],
    [409, "Channel currently recording"],
    [422, "Channel not in Stasis application"],
  ],
  "bridges.removeChannel": [
    [400, "Channel not found"],
    [404, "Bridge not found"],
    [409, "Bridge not in Stasis application"],
    [422, "Channel not in this bridge"],
  ],
  "bridges.startMoh": [
    [404, "Bridge not found"],
    [409, "Bridge not in Stasis application"],
  ],
};

/**
 * Statuses for messages of operations not listed above, by the same wording Asterisk uses across
 * its listing. Operation-specific entries win over these.
 */
const GENERIC_MESSAGES: ReadonlyArray<readonly [RegExp, number]> = [
  [/not found/, 404],
  [/already exists/, 409],
  [/not in stasis/, 409],
  [/invalid state/, 412],
  [/authentication required|unauthori[sz]ed|forbidden/, 401],
];

/** Network error codes that mean Asterisk cannot be reached. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** Lower case, no articles, no final period: the listing says "not in a Stasis application"
 * where Asterisk's body says "not in Stasis application". */
function comparable(message: string): string {
  return message
    .toLowerCase()
    .replace(/\.$/, "")
    .split(/\s+/)
    .filter((word) => word !== "a" && word !== "an" && word !== "the")
    .join(" ");
}

/** The status Asterisk's listing gives for `message` in `operation`, if any. */
function listedStatus(operation: string, message: string): number | undefined {
  const wanted = comparable(message);
  const listed = LISTED_ERRORS[operation]?.find(([, reason]) => comparable(reason) === wanted);
  return listed?.[0];
}

/** The message inside an ARI error body: `{"message": "..."}` (or `{"error": "..."}`). */
function bodyMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      if (typeof record.message === "string") return record.message;
      if (typeof record.error === "string") return record.error;
    }
  } catch {
    // Not JSON: the body itself is the best message there is.
  }
  return body;
}

/** Builds the error from a message whose status was lost. */
function fromMessage(operation: string, message: string, cause: unknown): AriError {
  const listed = listedStatus(operation, message);
  if (listed !== undefined) {
    return new AriError({ kind: ariErrorKindForStatus(listed), operation, status: listed, message, cause });
  }
  // swagger-client reports "401 : Unauthorized <url>" when loading the API fails.
  const leadingStatus = /^(\d{3}) : /.exec(message);
  if (leadingStatus?.[1] !== undefined) {
    const status = Number(leadingStatus[1]);
    return new AriError({ kind: ariErrorKindForStatus(status), operation, status, message, cause });
  }
  // swagger-client checks required path parameters before sending anything.
  if (/is a required (path )?param/.test(message)) {
    return new AriError({ kind: "bad_request", operation, message, cause });
  }
  const wanted = comparable(message);
  const generic = GENERIC_MESSAGES.find(([pattern]) => pattern.test(wanted));
  const kind = generic === undefined ? "unknown" : ariErrorKindForStatus(generic[1]);
  return new AriError({ kind, operation, message, cause });
}

/**
 * The error of an HTTP error answer whose status is known (the server's own REST client reads
 * it): kind from `status`, message Asterisk's `message` from the JSON body (or the body, or
 * `HTTP <status>` when it is empty). Never throws.
 */
export function ariErrorFromResponse(operation: string, status: number, body: string): AriError {
  const message = body === "" ? `HTTP ${status}` : bodyMessage(body);
  return new AriError({ kind: ariErrorKindForStatus(status), operation, status, message });
}

/**
 * Turns whatever ari-client rejected with into an {@link AriError}. Never throws.
 *
 * - `AriError`: returned as is.
 * - `Error` with a network `code` (ECONNREFUSED...) or named "HostIsNotReachable": `unavailable`.
 * - `Error(<body>)`: Asterisk's `message` from the JSON body; kind and status from the listing
 *   table for `operation`, then from the generic wording table, else `unknown`.
 * - `{ status, data }` (swagger's response object, empty body): kind from `status`.
 * - a string: treated like an error body.
 *
 * @param operation `<resource>.<operation>` as named by ari-client, e.g. "channels.answer".
 */
export function normaliseAriError(operation: string, raw: unknown): AriError {
  if (raw instanceof AriError) return raw;
  if (raw instanceof Error) {
    const code = (raw as NodeJS.ErrnoException).code;
    if (raw.name === "HostIsNotReachable" || (code !== undefined && UNREACHABLE_CODES.has(code))) {
      return new AriError({ kind: "unavailable", operation, message: raw.message, cause: raw });
    }
    return fromMessage(operation, bodyMessage(raw.message), raw);
  }
  if (typeof raw === "string") return fromMessage(operation, bodyMessage(raw), raw);
  if (raw !== null && typeof raw === "object") {
    const response = raw as { status?: unknown; data?: unknown; statusText?: unknown };
    if (typeof response.status === "number") {
      const data = response.data === undefined || response.data === null ? "" : String(response.data);
      const text = data !== "" ? bodyMessage(data) : `HTTP ${response.status}`;
      return new AriError({
        kind: ariErrorKindForStatus(response.status),
        operation,
        status: response.status,
        message: text,
        cause: raw,
      });
    }
  }
  return new AriError({ kind: "unknown", operation, message: String(raw), cause: raw });
}
