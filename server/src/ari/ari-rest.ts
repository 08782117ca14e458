/**
 * ARI's REST operations on channels and bridges (Asterisk ARI docs, channels.json, bridges.json,
 * asterisk.json), each with the request timeout and typed errors ({@link AriError}), sent over
 * the keep-alive pool of ari-http.ts. The connection's lifecycle is in ari-connection.ts.
 */
import { z } from "zod";
import { AriError } from "./ari-errors.js";
import { BridgeSchema, ChannelSchema, type Bridge, type Channel } from "./ari-events.js";
import type { AriHttpClient, AriQuery } from "./ari-http.js";

/** Hang-up reasons ARI accepts (channels.json, DELETE /channels/{channelId}, `reason`). */
export type HangupReason =
  | "normal"
  | "busy"
  | "congestion"
  | "no_answer"
  | "timeout"
  | "rejected"
  | "unallocated"
  | "normal_unspecified"
  | "number_incomplete"
  | "codec_mismatch"
  | "interworking"
  | "failure"
  | "answered_elsewhere";

/**
 * Which audio a mute applies to, as ARI names it (channels.json, POST /channels/{channelId}/mute,
 * `direction`). The call flow's own mute state (which also has "none") is a domain type of its own.
 */
export type AriMuteDirection = "both" | "in" | "out";

/** Parameters of {@link AriRest.originate}. */
export interface OriginateParams {
  /** Endpoint to call, e.g. `PJSIP/1001` or `Local/1001@agents` (see agentEndpoint()). */
  endpoint: string;
  /** Stasis app the channel enters when answered. */
  app: string;
  /** Arguments the StasisStart event carries in `args`; sent comma-joined, so no commas inside. */
  appArgs: readonly string[];
  /** Id for the new channel, chosen by the server. */
  channelId: string;
  /** Id for the second half of a Local channel. */
  otherChannelId?: string;
  /** Caller id shown to the endpoint, e.g. `"Alice" <5551234>`. */
  callerId?: string;
  /** Ring timeout (s) before Asterisk gives up dialing; -1 for none. */
  timeoutS: number;
  /** Channel variables to set on the new channel. */
  variables?: Record<string, string>;
}

/** Parameters of {@link AriRest.createBridge}. */
export interface CreateBridgeParams {
  type: "mixing" | "holding";
  bridgeId?: string;
  name?: string;
}

/** Where {@link AriRest.continueInDialplan} sends a channel; omitted parts stay as they are. */
export interface DialplanTarget {
  context?: string;
  extension?: string;
  priority?: number;
  label?: string;
}

/** Asterisk system information (asterisk.json `AsteriskInfo`); every part optional. */
export const AsteriskInfoSchema = z.looseObject({
  build: z.record(z.string(), z.unknown()).optional(),
  system: z.record(z.string(), z.unknown()).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  status: z.record(z.string(), z.unknown()).optional(),
});
export type AsteriskInfo = z.infer<typeof AsteriskInfoSchema>;

/**
 * What the call flow uses of ARI: the operations on channels and bridges a call needs. Type
 * dependencies on ARI by this (e.g. the call flow's context), not by {@link AriRest}, which is its
 * implementation. Every method rejects with an {@link AriError}.
 */
export interface AriOperations {
  answerChannel(channelId: string): Promise<void>;
  hangupChannel(channelId: string, reason?: HangupReason): Promise<void>;
  ringChannel(channelId: string): Promise<void>;
  muteChannel(channelId: string, direction?: AriMuteDirection): Promise<void>;
  unmuteChannel(channelId: string, direction?: AriMuteDirection): Promise<void>;
  startMoh(channelId: string, mohClass?: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  originate(params: OriginateParams): Promise<Channel>;
  getChannel(channelId: string): Promise<Channel>;
  /** Every channel and every bridge, for reconciliation after missed events. */
  listChannels(): Promise<Channel[]>;
  listBridges(): Promise<Bridge[]>;
  createBridge(params: CreateBridgeParams): Promise<Bridge>;
  addChannelsToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
  removeChannelFromBridge(bridgeId: string, channelId: string): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void>;
}

/**
 * Whether REST calls may go out: undefined while the connection has an ari-client client (the
 * Stasis app is registered or being registered), otherwise a sentence saying why not (before
 * the first connect, between rebuilds, after close).
 */
export type AriAvailability = () => string | undefined;

/** Options of {@link AriRest}. */
export interface AriRestOptions {
  http: AriHttpClient;
  availability: AriAvailability;
}

/** Validates a REST result, turning a shape Asterisk should never send into an AriError. */
function validated<T>(operation: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AriError({
    kind: "unknown",
    operation,
    message: `Asterisk answered ${operation} with an unexpected shape: ${z.prettifyError(result.error)}`,
  });
}

/** A path segment for an id (channel or bridge ids are chosen by callers). */
const id = encodeURIComponent;

/**
 * ARI's REST operations, sent by {@link AriHttpClient} (paths, parameters and methods of Asterisk's
 * Swagger listing, named in each method). While the connection has no client, calls fail at once
 * with an AriError of kind "unavailable", as a process that lost Asterisk should not pile up
 * requests; otherwise they fail as AriHttpClient describes (HTTP status kinds, "unavailable",
 * "timeout").
 */
export class AriRest implements AriOperations {
  private readonly http: AriHttpClient;
  private readonly availability: AriAvailability;

  constructor(options: AriRestOptions) {
    this.http = options.http;
    this.availability = options.availability;
  }

  /** Answers a ringing channel in the Stasis app (POST /channels/{channelId}/answer). @throws AriError */
  async answerChannel(channelId: string): Promise<void> {
    await this.call("channels.answer", "POST", `/channels/${id(channelId)}/answer`);
  }

  /**
   * Hangs up a channel (DELETE /channels/{channelId}); `reason` becomes its hang-up cause
   * (default normal). @throws AriError
   */
  async hangupChannel(channelId: string, reason?: HangupReason): Promise<void> {
    await this.call("channels.hangup", "DELETE", `/channels/${id(channelId)}`, { reason });
  }

  /** Sends ringing indication to a channel (POST /channels/{channelId}/ring). @throws AriError */
  async ringChannel(channelId: string): Promise<void> {
    await this.call("channels.ring", "POST", `/channels/${id(channelId)}/ring`);
  }

  /** Stops the ringing indication (DELETE /channels/{channelId}/ring). @throws AriError */
  async stopRinging(channelId: string): Promise<void> {
    await this.call("channels.ringStop", "DELETE", `/channels/${id(channelId)}/ring`);
  }

  /** Puts a channel on hold (POST /channels/{channelId}/hold). @throws AriError */
  async holdChannel(channelId: string): Promise<void> {
    await this.call("channels.hold", "POST", `/channels/${id(channelId)}/hold`);
  }

  /** Takes a channel off hold (DELETE /channels/{channelId}/hold). @throws AriError */
  async unholdChannel(channelId: string): Promise<void> {
    await this.call("channels.unhold", "DELETE", `/channels/${id(channelId)}/hold`);
  }

  /** Mutes a channel's audio in `direction`, default both (POST /channels/{channelId}/mute). @throws AriError */
  async muteChannel(channelId: string, direction: AriMuteDirection = "both"): Promise<void> {
    await this.call("channels.mute", "POST", `/channels/${id(channelId)}/mute`, { direction });
  }

  /** Unmutes a channel's audio in `direction`, default both (DELETE /channels/{channelId}/mute). @throws AriError */
  async unmuteChannel(channelId: string, direction: AriMuteDirection = "both"): Promise<void> {
    await this.call("channels.unmute", "DELETE", `/channels/${id(channelId)}/mute`, { direction });
  }

  /**
   * Plays music on hold to a channel, of `mohClass` or Asterisk's default class
   * (POST /channels/{channelId}/moh). @throws AriError
   */
  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    await this.call("channels.startMoh", "POST", `/channels/${id(channelId)}/moh`, { mohClass });
  }

  /** Stops music on hold on a channel (DELETE /channels/{channelId}/moh). @throws AriError */
  async stopMoh(channelId: string): Promise<void> {
    await this.call("channels.stopMoh", "DELETE", `/channels/${id(channelId)}/moh`);
  }

  /**
   * Originates a channel with the given id to `endpoint` that enters `app` with `appArgs` once
   * answered (POST /channels/{channelId}, `originateWithId`; `variables` go in the JSON body as
   * `{"variables": {...}}`). Resolves with the new channel as Asterisk reported it.
   *
   * @throws AriError kind "bad_request" when an app argument contains a comma (ARI splits
   *   `appArgs` on commas), otherwise as Asterisk answers (e.g. "conflict" for a taken id).
   */
  async originate(params: OriginateParams): Promise<Channel> {
    const operation = "channels.originate";
    if (params.appArgs.some((arg) => arg.includes(","))) {
      throw new AriError({ kind: "bad_request", operation, message: "an originate app argument contains a comma" });
    }
    const channel = await this.call(
      operation,
      "POST",
      `/channels/${id(params.channelId)}`,
      {
        endpoint: params.endpoint,
        app: params.app,
        appArgs: params.appArgs.join(","),
        otherChannelId: params.otherChannelId,
        callerId: params.callerId,
        timeout: params.timeoutS,
      },
      params.variables === undefined ? undefined : { variables: params.variables },
    );
    return validated(operation, ChannelSchema, channel);
  }

  /** Creates a bridge (POST /bridges with `type`, `bridgeId`, `name`) and resolves with it. @throws AriError */
  async createBridge(params: CreateBridgeParams): Promise<Bridge> {
    const operation = "bridges.create";
    const bridge = await this.call(operation, "POST", "/bridges", { type: params.type, bridgeId: params.bridgeId, name: params.name });
    return validated(operation, BridgeSchema, bridge);
  }

  /**
   * Adds channels to a bridge in one request (POST /bridges/{bridgeId}/addChannel; its `channel`
   * parameter takes a comma-separated list, Asterisk ARI docs, bridges.json). A channel in another
   * bridge leaves that one. @throws AriError
   */
  async addChannelsToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    await this.call("bridges.addChannel", "POST", `/bridges/${id(bridgeId)}/addChannel`, { channel: channelIds.join(",") });
  }

  /** Removes a channel from a bridge (POST /bridges/{bridgeId}/removeChannel). @throws AriError */
  async removeChannelFromBridge(bridgeId: string, channelId: string): Promise<void> {
    await this.call("bridges.removeChannel", "POST", `/bridges/${id(bridgeId)}/removeChannel`, { channel: channelId });
  }

  /** Destroys a bridge; the channels in it stay up (DELETE /bridges/{bridgeId}). @throws AriError */
  async destroyBridge(bridgeId: string): Promise<void> {
    await this.call("bridges.destroy", "DELETE", `/bridges/${id(bridgeId)}`);
  }

  /**
   * Plays music on hold into a bridge, of `mohClass` or the default class
   * (POST /bridges/{bridgeId}/moh). @throws AriError
   */
  async startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void> {
    await this.call("bridges.startMoh", "POST", `/bridges/${id(bridgeId)}/moh`, { mohClass });
  }

  /** Reads one channel (GET /channels/{channelId}). @throws AriError ("not_found" if gone) */
  async getChannel(channelId: string): Promise<Channel> {
    const operation = "channels.get";
    return validated(operation, ChannelSchema, await this.call(operation, "GET", `/channels/${id(channelId)}`));
  }

  /** Lists every channel Asterisk has, in the app or not (GET /channels). @throws AriError */
  async listChannels(): Promise<Channel[]> {
    const operation = "channels.list";
    return validated(operation, z.array(ChannelSchema), await this.call(operation, "GET", "/channels"));
  }

  /** Lists every bridge Asterisk has, whoever created it (GET /bridges). @throws AriError */
  async listBridges(): Promise<Bridge[]> {
    const operation = "bridges.list";
    return validated(operation, z.array(BridgeSchema), await this.call(operation, "GET", "/bridges"));
  }

  /**
   * Redirects a channel in the app to another endpoint (blind transfer outside Asterisk's
   * bridge; POST /channels/{channelId}/redirect). @throws AriError
   */
  async redirectChannel(channelId: string, endpoint: string): Promise<void> {
    await this.call("channels.redirect", "POST", `/channels/${id(channelId)}/redirect`, { endpoint });
  }

  /**
   * Lets a channel leave the app and continue in the dialplan at `target`, e.g. a queue's
   * extension (POST /channels/{channelId}/continue); it gets StasisEnd. @throws AriError
   */
  async continueInDialplan(channelId: string, target: DialplanTarget = {}): Promise<void> {
    await this.call("channels.continueInDialplan", "POST", `/channels/${id(channelId)}/continue`, { ...target });
  }

  /** Asterisk's system information (GET /asterisk/info), for /health. @throws AriError */
  async asteriskInfo(): Promise<AsteriskInfo> {
    const operation = "asterisk.getInfo";
    return validated(operation, AsteriskInfoSchema, await this.call(operation, "GET", "/asterisk/info"));
  }

  /** Sends one request unless the connection has no client. */
  private async call(operation: string, method: "GET" | "POST" | "DELETE", path: string, query?: AriQuery, body?: unknown): Promise<unknown> {
    const unavailable = this.availability();
    if (unavailable !== undefined) {
      throw new AriError({ kind: "unavailable", operation, message: `no ARI client (${unavailable})` });
    }
    return this.http.request(operation, method, path, query, body);
  }
}
