/** The parameters of the Pbx operations that REST requests start. */

/**
 * How a hang-up starts, which decides the first event (source: the recordings):
 * - `ari`: `DELETE /channels/{id}`: `ChannelHangupRequest {cause: 32, soft: true}` (32 is
 *   AST_SOFTHANGUP_EXPLICIT, not a Q.850 cause).
 * - `remote`: the far side hangs up: `ChannelHangupRequest {cause}` without `soft`.
 * - `silent`: Asterisk itself ends the channel (dial timeout, busy, end of dialplan): no request.
 */
export type HangupMode = "ari" | "remote" | "silent";

/** Parameters of an originate (`POST /channels`, `POST /channels/{channelId}`), as strings from the request. */
export interface OriginateParams {
  endpoint?: string;
  extension?: string;
  context?: string;
  priority?: number;
  app?: string;
  appArgs?: string;
  callerId?: string;
  /** Seconds; -1 for none; absent or 0 for Asterisk's 30 s. */
  timeout?: number;
  variables?: Record<string, string>;
  channelId?: string;
  otherChannelId?: string;
}

/** Parameters of `POST /channels/create`. */
export interface CreateParams {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  channelId?: string;
  otherChannelId?: string;
  variables?: Record<string, string>;
}
