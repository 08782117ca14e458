/**
 * ARI's REST operations on channels and bridges (Asterisk ARI docs, channels.json, bridges.json,
 * asterisk.json), each with the request timeout and typed errors ({@link AriError}). The
 * connection's lifecycle is in ari-connection.ts; this file only issues requests.
 */
import type { Client } from "ari-client";
import { z } from "zod";
import { AriError } from "./ari-errors.js";
import { BridgeSchema, ChannelSchema, type Bridge, type Channel } from "./ari-events.js";
import { withRequestTimeout } from "./request-timeout.js";

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
 * implementation over the connection's client. Every method rejects with an {@link AriError}.
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
  createBridge(params: CreateBridgeParams): Promise<Bridge>;
  addChannelsToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
  removeChannelFromBridge(bridgeId: string, channelId: string): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void>;
}

/**
 * Where {@link AriRest} gets its client: the connection's current ari-client client, or undefined
 * (before the first connect, between rebuilds, after close) with a sentence saying why.
 */
export interface AriClientSource {
  client(): Client | undefined;
  whyNoClient(): string;
}

/** Options of {@link AriRest}. */
export interface AriRestOptions {
  source: AriClientSource;
  /** Limit (ms) for each call. */
  requestTimeoutMs: number;
}

/** The data fields of an ari-client resource instance, without its client and methods. */
function plainFields(resource: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource as Record<string, unknown>)) {
    if (!key.startsWith("_") && typeof value !== "function") fields[key] = value;
  }
  return fields;
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

/**
 * ARI's REST operations over the connection's ari-client client. Without a client, calls fail at
 * once with an AriError of kind "unavailable"; a call Asterisk does not answer within the
 * request timeout fails with kind "timeout"; Asterisk's error answers become the kinds of
 * `normaliseAriError` (ari-errors.ts).
 */
export class AriRest implements AriOperations {
  private readonly source: AriClientSource;
  private readonly requestTimeoutMs: number;

  constructor(options: AriRestOptions) {
    this.source = options.source;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  /** Answers a ringing channel in the Stasis app. @throws AriError */
  async answerChannel(channelId: string): Promise<void> {
    await this.rest("channels.answer", (client) => client.channels.answer({ channelId }));
  }

  /** Hangs up a channel; `reason` becomes its hang-up cause (default normal). @throws AriError */
  async hangupChannel(channelId: string, reason?: HangupReason): Promise<void> {
    await this.rest("channels.hangup", (client) =>
      client.channels.hangup(reason === undefined ? { channelId } : { channelId, reason }),
    );
  }

  /** Sends ringing indication to a channel (the caller hears ringback). @throws AriError */
  async ringChannel(channelId: string): Promise<void> {
    await this.rest("channels.ring", (client) => client.channels.ring({ channelId }));
  }

  /** Stops the ringing indication of {@link ringChannel}. @throws AriError */
  async stopRinging(channelId: string): Promise<void> {
    await this.rest("channels.ringStop", (client) => client.channels.ringStop({ channelId }));
  }

  /** Puts a channel on hold (the other side hears hold music). @throws AriError */
  async holdChannel(channelId: string): Promise<void> {
    await this.rest("channels.hold", (client) => client.channels.hold({ channelId }));
  }

  /** Takes a channel off hold. @throws AriError */
  async unholdChannel(channelId: string): Promise<void> {
    await this.rest("channels.unhold", (client) => client.channels.unhold({ channelId }));
  }

  /** Mutes a channel's audio in `direction` (default both). @throws AriError */
  async muteChannel(channelId: string, direction: AriMuteDirection = "both"): Promise<void> {
    await this.rest("channels.mute", (client) => client.channels.mute({ channelId, direction }));
  }

  /** Unmutes a channel's audio in `direction` (default both). @throws AriError */
  async unmuteChannel(channelId: string, direction: AriMuteDirection = "both"): Promise<void> {
    await this.rest("channels.unmute", (client) => client.channels.unmute({ channelId, direction }));
  }

  /** Plays music on hold to a channel, of `mohClass` or Asterisk's default class. @throws AriError */
  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    await this.rest("channels.startMoh", (client) =>
      client.channels.startMoh(mohClass === undefined ? { channelId } : { channelId, mohClass }),
    );
  }

  /** Stops music on hold on a channel. @throws AriError */
  async stopMoh(channelId: string): Promise<void> {
    await this.rest("channels.stopMoh", (client) => client.channels.stopMoh({ channelId }));
  }

  /**
   * Originates a channel to `endpoint` that enters `app` with `appArgs` once answered
   * (POST /channels). Resolves with the new channel as Asterisk reported it.
   *
   * @throws AriError kind "bad_request" when an app argument contains a comma (ARI splits
   *   `appArgs` on commas), otherwise as Asterisk answers (e.g. "conflict" for a taken id).
   */
  async originate(params: OriginateParams): Promise<Channel> {
    const operation = "channels.originate";
    if (params.appArgs.some((arg) => arg.includes(","))) {
      throw new AriError({ kind: "bad_request", operation, message: "an originate app argument contains a comma" });
    }
    const channel = await this.rest(operation, (client) =>
      client.channels.originate({
        endpoint: params.endpoint,
        app: params.app,
        appArgs: params.appArgs.join(","),
        channelId: params.channelId,
        ...(params.otherChannelId === undefined ? {} : { otherChannelId: params.otherChannelId }),
        ...(params.callerId === undefined ? {} : { callerId: params.callerId }),
        timeout: params.timeoutS,
        ...(params.variables === undefined ? {} : { variables: params.variables }),
      }),
    );
    return validated(operation, ChannelSchema, plainFields(channel));
  }

  /** Creates a bridge (POST /bridges) and resolves with it. @throws AriError */
  async createBridge(params: CreateBridgeParams): Promise<Bridge> {
    const operation = "bridges.create";
    const bridge = await this.rest(operation, (client) =>
      client.bridges.create({
        type: params.type,
        ...(params.bridgeId === undefined ? {} : { bridgeId: params.bridgeId }),
        ...(params.name === undefined ? {} : { name: params.name }),
      }),
    );
    return validated(operation, BridgeSchema, plainFields(bridge));
  }

  /**
   * Adds channels to a bridge in one request (POST /bridges/{bridgeId}/addChannel; its `channel`
   * parameter takes a comma-separated list, Asterisk ARI docs, bridges.json). A channel in another
   * bridge leaves that one. @throws AriError
   */
  async addChannelsToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    await this.rest("bridges.addChannel", (client) => client.bridges.addChannel({ bridgeId, channel: channelIds.join(",") }));
  }

  /** Removes a channel from a bridge. @throws AriError */
  async removeChannelFromBridge(bridgeId: string, channelId: string): Promise<void> {
    await this.rest("bridges.removeChannel", (client) =>
      client.bridges.removeChannel({ bridgeId, channel: channelId }),
    );
  }

  /** Destroys a bridge; the channels in it stay up (DELETE /bridges/{bridgeId}). @throws AriError */
  async destroyBridge(bridgeId: string): Promise<void> {
    await this.rest("bridges.destroy", (client) => client.bridges.destroy({ bridgeId }));
  }

  /** Plays music on hold into a bridge, of `mohClass` or the default class. @throws AriError */
  async startBridgeMoh(bridgeId: string, mohClass?: string): Promise<void> {
    await this.rest("bridges.startMoh", (client) =>
      client.bridges.startMoh(mohClass === undefined ? { bridgeId } : { bridgeId, mohClass }),
    );
  }

  /** Reads one channel (GET /channels/{channelId}). @throws AriError ("not_found" if gone) */
  async getChannel(channelId: string): Promise<Channel> {
    const operation = "channels.get";
    const channel = await this.rest(operation, (client) => client.channels.get({ channelId }));
    return validated(operation, ChannelSchema, plainFields(channel));
  }

  /** Lists every channel Asterisk has, in the app or not (GET /channels). @throws AriError */
  async listChannels(): Promise<Channel[]> {
    const operation = "channels.list";
    const channels = await this.rest(operation, (client) => client.channels.list());
    return channels.map((channel) => validated(operation, ChannelSchema, plainFields(channel)));
  }

  /**
   * Redirects a channel in the app to another endpoint (blind transfer outside Asterisk's
   * bridge; POST /channels/{channelId}/redirect). @throws AriError
   */
  async redirectChannel(channelId: string, endpoint: string): Promise<void> {
    await this.rest("channels.redirect", (client) => client.channels.redirect({ channelId, endpoint }));
  }

  /**
   * Lets a channel leave the app and continue in the dialplan at `target` (e.g. a queue's
   * extension); it gets StasisEnd. @throws AriError
   */
  async continueInDialplan(channelId: string, target: DialplanTarget = {}): Promise<void> {
    await this.rest("channels.continueInDialplan", (client) =>
      client.channels.continueInDialplan({ channelId, ...target }),
    );
  }

  /** Asterisk's system information (GET /asterisk/info), for /health. @throws AriError */
  async asteriskInfo(): Promise<AsteriskInfo> {
    const operation = "asterisk.getInfo";
    const info = await this.rest(operation, (client) => client.asterisk.getInfo());
    return validated(operation, AsteriskInfoSchema, plainFields(info));
  }

  /** Runs one REST call of ari-client with the request timeout and error normalisation. */
  private async rest<T>(operation: string, call: (client: Client) => Promise<T>): Promise<T> {
    const client = this.source.client();
    if (client === undefined) {
      throw new AriError({ kind: "unavailable", operation, message: `no ARI client (${this.source.whyNoClient()})` });
    }
    return withRequestTimeout(operation, this.requestTimeoutMs, () => call(client));
  }
}
