import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { AriError, allocationFailed } from "./ari-error.js";
import type { Behaviour } from "./behaviour.js";
import { Bridge } from "./bridge.js";
import { type CallerId, emptyCallerId, parseCallerId, sameCallerId } from "./caller-id.js";
import { Cause, causeToText } from "./causes.js";
import { type AnswerAction, Channel, type ChannelJson, type ChannelStateName, type DialplanLocation } from "./channel.js";
import type { Dialplan } from "./dialplan.js";
import type { EndpointBehaviours } from "./endpoint-behaviours.js";
import type { StasisApps } from "./stasis-apps.js";
import { asteriskTimestamp } from "./time.js";

/** Channel technologies the simulator can create channels for. */
const knownTechnologies = new Set(["local", "pjsip", "sip", "iax2", "dahdi"]);

/** How long Asterisk's `Answer()` keeps a Local `;2` half before its next priority (seen in the recordings). */
const answerSettleMs = 500;

/** Default originate dial timeout (s), as Asterisk's `ari_channels_handle_originate_with_id`. */
const defaultOriginateTimeoutS = 30;

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

/** What the Pbx tells in-process observers (the traffic generator) besides ARI events. */
export interface PbxNotices {
  channelEnteredBridge: [channelId: string];
  channelDestroyed: [channelId: string];
}

/**
 * The simulated Asterisk: channels, Local channel pairs, bridges, the dial and hang-up sequences,
 * and the ARI events they produce, in the order a real Asterisk 20 produces them (see
 * /work/shared/ari-recordings). All operations are synchronous: the events an operation causes are
 * written before it returns, so they precede the REST response that reports it.
 */
export class Pbx {
  readonly channels = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  readonly notices = new EventEmitter<PbxNotices>();
  private uniqueCounter = 0;
  private readonly nameCounters = new Map<string, number>();
  private readonly pending = new Set<NodeJS.Immediate>();
  private closed = false;

  constructor(
    private readonly apps: StasisApps,
    private readonly dialplan: Dialplan,
    private readonly endpoints: EndpointBehaviours,
  ) {}

  /** Looks a channel up; throws AriError 404 "Channel not found". */
  channel(id: string): Channel {
    const channel = this.channels.get(id);
    if (!channel) throw new AriError(404, "Channel not found");
    return channel;
  }

  /** Looks a channel up that must be in a Stasis app; throws AriError 404 or 409 like Asterisk's `find_control`. */
  controlledChannel(id: string): Channel {
    const channel = this.channel(id);
    if (channel.stasisApp === undefined) throw new AriError(409, "Channel not in Stasis application");
    return channel;
  }

  /** Throws AriError 412 "Channel in invalid state" for Down/Ringing channels (Asterisk's `channel_state_invalid`). */
  requireActiveState(channel: Channel): void {
    if (channel.state === "Down" || channel.state === "Ringing") throw new AriError(412, "Channel in invalid state");
  }

  /** Looks a bridge up; throws AriError 404 "Bridge not found". */
  bridge(id: string): Bridge {
    const bridge = this.bridges.get(id);
    if (!bridge) throw new AriError(404, "Bridge not found");
    return bridge;
  }

  /**
   * Originates a call: creates the channel (two for `Local/`), subscribes `app` to it and starts
   * dialling right after the REST response, as Asterisk's originate thread does.
   * Returns the new channel as ARI's Channel JSON. Throws AriError 400 for missing/invalid
   * endpoint or destination, 409 for a taken channel id, 500 "Allocation failed" for an unknown
   * technology or an endpoint whose behaviour is `fail`.
   */
  originate(params: OriginateParams): ChannelJson {
    if (!params.endpoint) throw new AriError(400, "Endpoint must be specified");
    const { technology, resource } = splitEndpoint(params.endpoint);
    let onAnswer: AnswerAction;
    if (params.app) {
      onAnswer = { kind: "stasis", app: params.app, args: splitArgs(params.appArgs) };
    } else if (params.extension) {
      onAnswer = {
        kind: "extension",
        context: params.context || "default",
        exten: params.extension,
        priority: params.priority && params.priority > 0 ? params.priority : 1,
      };
    } else {
      throw new AriError(400, "Application or extension must be specified");
    }
    const identity = params.callerId ? parseCallerId(params.callerId) : emptyCallerId();
    const first = this.request(technology, resource, params.channelId, params.otherChannelId, identity);
    first.dialplan = { ...first.dialplan, priority: 1, app_name: "AppDial2", app_data: "(Outgoing Line)" };
    for (const [name, value] of Object.entries(params.variables ?? {})) first.variables.set(name, value);
    if (params.app) {
      first.subscribers.add(params.app);
      first.localPeer?.subscribers.add(params.app);
    }
    first.dial = { dialstring: resource, viaDialOperation: false, onAnswer, answered: false };
    const timeoutS = params.timeout === -1 ? 0 : params.timeout && params.timeout > 0 ? params.timeout : defaultOriginateTimeoutS;
    const snapshot = first.toJson();
    this.afterResponse(() => this.startDial(first, timeoutS * 1000));
    return snapshot;
  }

  /**
   * Creates a channel that enters `app` at once, in state Down, to be dialled later with
   * {@link dial} (`POST /channels/create`). Only the first half of a Local pair is subscribed.
   * Throws like {@link originate}.
   */
  create(params: CreateParams): ChannelJson {
    if (!params.endpoint) throw new AriError(400, "Endpoint must be specified");
    const { technology, resource } = splitEndpoint(params.endpoint);
    const app = params.app ?? "";
    const channel = this.request(technology, resource, params.channelId, params.otherChannelId, emptyCallerId());
    for (const [name, value] of Object.entries(params.variables ?? {})) channel.variables.set(name, value);
    if (app) channel.subscribers.add(app);
    channel.pendingDialstring = resource;
    const snapshot = channel.toJson();
    this.afterResponse(() => {
      if (channel.hangingUp) return;
      const appData = [app, ...splitArgs(params.appArgs)].join(",");
      channel.dialplanBeforeStasis = channel.dialplan;
      channel.dialplan = { ...channel.dialplan, app_name: "Stasis", app_data: appData };
      this.channelEvent("ChannelDialplan", channel, {}, { dialplan_app: "Stasis", dialplan_app_data: appData });
      this.enterStasis(channel, app, splitArgs(params.appArgs), true);
    });
    return snapshot;
  }

  /**
   * Dials a channel made by {@link create} (`POST /channels/{channelId}/dial`). With a `caller`
   * channel, the callee's connected line becomes the caller's identity first. `timeoutS` 0 means
   * no timeout. Throws AriError 409 when the channel is not Down or was not created by ARI.
   */
  dial(channel: Channel, callerChannelId: string | undefined, timeoutS: number): void {
    if (channel.state !== "Down") throw new AriError(409, "Channel is not in the 'Down' state");
    const dialstring = channel.pendingDialstring;
    if (dialstring === undefined) throw new AriError(409, "Dialing a channel not created by ARI");
    channel.pendingDialstring = undefined;
    const caller = callerChannelId === undefined ? undefined : this.channels.get(callerChannelId);
    if (caller) this.setConnected(channel, caller.caller);
    channel.dial = { dialstring, viaDialOperation: true, onAnswer: undefined, answered: false };
    this.afterResponse(() => this.startDial(channel, timeoutS * 1000));
  }

  /**
   * Puts a new inbound channel (`PJSIP/<endpoint>-<n>`, state Ring) into Stasis `app` with `args`,
   * as the dialplan's `Stasis()` does. Throws AriError 409 when no connection holds the app
   * (Asterisk's Stasis() fails then).
   */
  inbound(options: {
    endpoint: string;
    app: string;
    args: string[];
    caller: CallerId;
    context: string;
    extension: string;
  }): Channel {
    if (!this.apps.isRegistered(options.app)) throw new AriError(409, `Stasis app '${options.app}' is not registered`);
    const { technology, resource } = splitEndpoint(options.endpoint);
    const channel = this.newChannel(technology, resource, undefined, {
      state: "Ring",
      caller: { ...options.caller },
      connected: emptyCallerId(),
      dialplan: {
        context: options.context,
        exten: options.extension,
        priority: 1,
        app_name: "Stasis",
        app_data: [options.app, ...options.args].join(","),
      },
    });
    this.enterStasis(channel, options.app, options.args, false);
    return channel;
  }

  /** Answers a channel (ARI answer): state Up; answering a Local `;2` half answers its dialled `;1`. */
  answer(channel: Channel): void {
    if (channel.state === "Up") return;
    this.setState(channel, "Up");
    const peer = channel.localPeer;
    if (peer?.dial && !peer.dial.answered) this.answerDialed(peer);
  }

  /** Sets a channel variable and reports it with ChannelVarset. */
  setVariable(channel: Channel, variable: string, value: string): void {
    channel.variables.set(variable, value);
    this.channelEvent("ChannelVarset", channel, { variable, value });
  }

  /**
   * Takes a channel out of Stasis and continues it in the dialplan at `context`/`extension`
   * (defaults: where it is). A `stasis` extension enters Stasis again; one that fails ends the
   * call with its cause; no extension ends the call (normal clearing).
   */
  continueInDialplan(channel: Channel, context: string | undefined, extension: string | undefined): void {
    this.leaveStasis(channel);
    const target = { context: context || channel.dialplan.context, exten: extension || channel.dialplan.exten };
    channel.dialplan = { ...channel.dialplan, ...target, priority: 1, app_name: "", app_data: "" };
    this.runExtension(channel, this.dialplan.lookup(target.context, target.exten));
  }

  /**
   * Hangs a channel up with `cause` (Q.850), producing Asterisk's hang-up sequence:
   * ChannelHangupRequest (per `mode`), Dial NOANSWER for a cancelled dial, ChannelVarset
   * BRIDGEPEER "" and ChannelLeftBridge if bridged, StasisEnd, ChannelVarset STASISSTATUS for
   * originated channels, then ChannelDestroyed (seen only by apps subscribed to the channel), and
   * the same for the other half of a Local pair. Hanging up a channel twice does nothing.
   */
  hangup(channel: Channel, cause: number, mode: HangupMode): void {
    if (channel.hangingUp) return;
    channel.hangingUp = true;
    clearTimers(channel);
    if (mode === "ari") this.channelEvent("ChannelHangupRequest", channel, { cause: 32, soft: true });
    if (mode === "remote") this.channelEvent("ChannelHangupRequest", channel, { cause });
    if (mode === "ari" && channel.dial && !channel.dial.answered) this.dialEvent(channel, "NOANSWER");
    channel.dial = undefined;
    this.leaveStasis(channel);
    const peer = channel.localPeer && !channel.localPeer.hangingUp ? channel.localPeer : undefined;
    if (peer) this.channelEvent("ChannelHangupRequest", peer, { cause });
    this.destroy(channel, cause);
    if (peer) {
      peer.hangingUp = true;
      clearTimers(peer);
      peer.dial = undefined;
      this.leaveStasis(peer);
      // Asterisk then soft-hangs the half up with AST_SOFTHANGUP_APPUNLOAD (16); a `;2` half's dialplan app is done.
      this.channelEvent("ChannelHangupRequest", peer, { cause: 16, soft: true });
      if (peer.name.endsWith(";2")) peer.dialplan = { ...peer.dialplan, app_name: "", app_data: "" };
      this.destroy(peer, cause);
    }
  }

  /** Creates a bridge (`POST /bridges`); throws AriError 409 when `bridgeId` is taken. */
  createBridge(type: string | undefined, bridgeId: string | undefined, name: string | undefined): Bridge {
    const id = bridgeId || randomUUID();
    if (this.bridges.has(id)) throw new AriError(409, `Bridge with id '${id}' already exists`);
    const bridgeType = type?.split(",").includes("holding") ? "holding" : "mixing";
    const bridge = new Bridge(id, bridgeType, name ?? "");
    this.bridges.set(id, bridge);
    return bridge;
  }

  /**
   * Adds a Stasis channel to a bridge: ChannelEnteredBridge, then with two or more members the
   * BRIDGEPEER ChannelVarsets (existing members first) and, between two members, the
   * ChannelConnectedLine of each channel whose connected line changes (the newcomer first).
   * A channel in another bridge leaves it first.
   */
  addToBridge(bridge: Bridge, channel: Channel): void {
    if (channel.bridge === bridge) return;
    if (channel.bridge) this.removeFromBridge(channel);
    bridge.members.push(channel);
    channel.bridge = bridge;
    if (channel.stasisApp !== undefined) bridge.subscribers.add(channel.stasisApp);
    this.bridgeEvent("ChannelEnteredBridge", bridge, channel);
    this.notices.emit("channelEnteredBridge", channel.id);
    if (bridge.members.length < 2) return;
    const others = bridge.members.filter((member) => member !== channel);
    for (const member of [...others, channel]) {
      const peers = bridge.members.filter((other) => other !== member).map((other) => other.name).join(",");
      if (member.variables.get("BRIDGEPEER") !== peers) this.setVariable(member, "BRIDGEPEER", peers);
    }
    const other = others[0];
    if (bridge.members.length === 2 && other) {
      const callerOfNewcomer = { ...channel.caller };
      this.setConnected(channel, other.caller);
      this.setConnected(other, callerOfNewcomer);
    }
  }

  /** Takes a channel out of its bridge: ChannelVarset BRIDGEPEER "" (when it had a peer), then ChannelLeftBridge. */
  removeFromBridge(channel: Channel): void {
    const bridge = channel.bridge;
    if (!bridge) return;
    if (channel.variables.get("BRIDGEPEER")) this.setVariable(channel, "BRIDGEPEER", "");
    bridge.members.splice(bridge.members.indexOf(channel), 1);
    channel.bridge = undefined;
    this.bridgeEvent("ChannelLeftBridge", bridge, channel);
  }

  /** Destroys a bridge (`DELETE /bridges/{id}`): its channels leave it, then BridgeDestroyed. */
  destroyBridge(bridge: Bridge): void {
    for (const member of [...bridge.members]) this.removeFromBridge(member);
    this.bridges.delete(bridge.id);
    this.apps.deliver(bridge.subscribers, {
      type: "BridgeDestroyed",
      timestamp: asteriskTimestamp(new Date()),
      bridge: bridge.toJson(),
    });
  }

  /** Schedules `action` on a channel; the timer dies with the channel. */
  channelTimer(channel: Channel, ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      channel.timers.delete(timer);
      if (!channel.hangingUp) action();
    }, ms);
    channel.timers.add(timer);
  }

  /** Stops every timer and pending step; the Pbx does nothing afterwards. */
  close(): void {
    this.closed = true;
    for (const immediate of this.pending) clearImmediate(immediate);
    this.pending.clear();
    for (const channel of this.channels.values()) clearTimers(channel);
  }

  /** Runs `action` after the current REST response has been written (Asterisk runs it on another thread). */
  private afterResponse(action: () => void): void {
    const immediate = setImmediate(() => {
      this.pending.delete(immediate);
      if (!this.closed) action();
    });
    this.pending.add(immediate);
  }

  /** Creates the channel(s) an endpoint needs: a Local pair or one channel; returns the dialled one. */
  private request(
    technology: string,
    resource: string,
    channelId: string | undefined,
    otherChannelId: string | undefined,
    identity: CallerId,
  ): Channel {
    for (const id of [channelId, otherChannelId]) {
      if (id && this.channels.has(id)) throw new AriError(409, "Channel with given unique ID already exists");
    }
    if (!knownTechnologies.has(technology.toLowerCase())) throw allocationFailed();
    if (technology.toLowerCase() !== "local") {
      if (this.endpoints.lookup(`${technology}/${resource}`).kind === "fail") throw allocationFailed();
      return this.newChannel(technology, resource, channelId, {
        state: "Down",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { context: "default", exten: "s", priority: 1, app_name: "", app_data: "" },
      });
    }
    const { exten, context } = splitLocalResource(resource);
    const suffix = this.nextNameSuffix("Local");
    const dialplan: DialplanLocation = { context, exten, priority: 1, app_name: "", app_data: "" };
    const first = this.addChannel(
      new Channel(channelId || this.nextUniqueId(), `Local/${resource}-${suffix};1`, "Local", {
        state: "Down",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { ...dialplan },
      }, ""),
    );
    const second = this.addChannel(
      new Channel(otherChannelId || this.nextUniqueId(), `Local/${resource}-${suffix};2`, "Local", {
        state: "Ring",
        caller: { ...identity },
        connected: { ...identity },
        dialplan: { ...dialplan },
      }, ""),
    );
    first.localPeer = second;
    second.localPeer = first;
    return first;
  }

  private newChannel(
    technology: string,
    resource: string,
    channelId: string | undefined,
    init: ConstructorParameters<typeof Channel>[3],
  ): Channel {
    const endpointName = resource.split(/[/@]/)[0] ?? resource;
    const name = `${technology}/${endpointName}-${this.nextNameSuffix(technology)}`;
    // A SIP channel's protocol_id is its Call-ID.
    return this.addChannel(new Channel(channelId || this.nextUniqueId(), name, technology, init, randomUUID()));
  }

  private addChannel(channel: Channel): Channel {
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Asterisk unique ids: epoch seconds at creation, a dot, a global counter (`1795304783.1`). */
  private nextUniqueId(): string {
    return `${Math.floor(Date.now() / 1000)}.${this.uniqueCounter++}`;
  }

  /** The per-technology channel name counter, as 8 hex digits (`00000007`). */
  private nextNameSuffix(technology: string): string {
    const key = technology.toLowerCase();
    const next = this.nameCounters.get(key) ?? 0;
    this.nameCounters.set(key, next + 1);
    return next.toString(16).padStart(8, "0");
  }

  /** Starts an outgoing dial: Dial with an empty status, the ring timeout, then the callee's behaviour. */
  private startDial(channel: Channel, timeoutMs: number): void {
    const dial = channel.dial;
    if (channel.hangingUp || !dial) return;
    this.dialEvent(channel, "");
    if (timeoutMs > 0) {
      // A dial that times out ends without a Dial NOANSWER event (recording s3-agent-ring-noanswer).
      this.channelTimer(channel, timeoutMs, () => {
        if (channel.dial && !channel.dial.answered) this.hangup(channel, Cause.noAnswer, "silent");
      });
    }
    const peer = channel.localPeer;
    if (peer) {
      const behaviour = this.dialplan.lookup(peer.dialplan.context, peer.dialplan.exten);
      this.runLocalHalf(channel, peer, behaviour);
    } else {
      this.runEndpoint(channel, this.endpoints.lookup(`${channel.technology}/${dial.dialstring}`));
    }
  }

  /** The `;2` half of a Local pair runs its extension; its outcome drives the dialled `;1` half. */
  private runLocalHalf(first: Channel, second: Channel, behaviour: Behaviour | undefined): void {
    if (!behaviour) {
      // chan_local finds no such extension: the call fails before the `;2` half runs anything.
      this.calleeFailed(first, "CHANUNAVAIL", Cause.noRouteDestination);
      return;
    }
    if (behaviour.kind !== "fail" && behaviour.label !== undefined) {
      this.dialplanStep(second, "NoOp", behaviour.label.replaceAll("${EXTEN}", second.dialplan.exten));
    }
    switch (behaviour.kind) {
      case "stasis":
        this.dialplanStep(second, "Stasis", [behaviour.app, ...behaviour.args].join(","));
        this.enterStasis(second, behaviour.app, behaviour.args, false);
        return;
      case "answer": {
        const answerNow = () => {
          this.dialplanStep(second, "Answer", "");
          this.setState(second, "Up");
          this.answerDialed(first);
          this.channelTimer(second, answerSettleMs, () => this.startWaiting(second));
        };
        if (behaviour.afterMs <= 0) {
          answerNow();
          return;
        }
        this.dialplanStep(second, "Ringing", "");
        this.setState(first, "Ringing");
        this.dialplanStep(second, "Wait", formatSeconds(behaviour.afterMs));
        this.dialEvent(first, "RINGING");
        this.channelTimer(second, behaviour.afterMs, answerNow);
        return;
      }
      case "ring":
        this.dialplanStep(second, "Ringing", "");
        this.setState(first, "Ringing");
        this.startWaiting(second);
        this.dialEvent(first, "RINGING");
        return;
      case "busy":
        this.dialplanStep(second, "Busy", "");
        this.calleeFailed(first, "BUSY", Cause.userBusy);
        return;
      case "congestion":
        this.dialplanStep(second, "Congestion", "");
        this.calleeFailed(first, "CONGESTION", Cause.congestion);
        return;
      case "reject":
        this.dialplanStep(second, "Hangup", String(Cause.callRejected));
        this.calleeFailed(first, "CHANUNAVAIL", Cause.callRejected);
        return;
      case "fail":
        this.calleeFailed(first, "CHANUNAVAIL", Cause.noRouteDestination);
        return;
    }
  }

  /** A non-Local endpoint answers, rings, or refuses the dial according to its behaviour. */
  private runEndpoint(channel: Channel, behaviour: Behaviour): void {
    switch (behaviour.kind) {
      case "answer":
      case "stasis":
        if (behaviour.kind === "answer" && behaviour.afterMs > 0) {
          this.ringing(channel);
          this.channelTimer(channel, behaviour.afterMs, () => this.answerDialed(channel));
        } else {
          this.answerDialed(channel);
        }
        return;
      case "ring":
        this.ringing(channel);
        return;
      case "busy":
        this.calleeFailed(channel, "BUSY", Cause.userBusy);
        return;
      case "congestion":
        this.calleeFailed(channel, "CONGESTION", Cause.congestion);
        return;
      case "reject":
        this.calleeFailed(channel, "CHANUNAVAIL", Cause.callRejected);
        return;
      case "fail":
        this.calleeFailed(channel, "CHANUNAVAIL", Cause.noRouteDestination);
        return;
    }
  }

  private ringing(channel: Channel): void {
    this.setState(channel, "Ringing");
    this.dialEvent(channel, "RINGING");
  }

  /** The dial fails: Dial with the status, then the channel ends without a hang-up request. */
  private calleeFailed(channel: Channel, dialstatus: string, cause: number): void {
    this.dialEvent(channel, dialstatus);
    if (channel.dial) channel.dial.answered = true;
    this.hangup(channel, cause, "silent");
  }

  /**
   * The dialled channel answers: ChannelStateChange Up, Dial ANSWER, then what the originate asked
   * for: the Stasis app (ChannelVarset STASISSTATUS "", StasisStart) or the extension.
   */
  private answerDialed(channel: Channel): void {
    const dial = channel.dial;
    if (!dial || dial.answered || channel.hangingUp) return;
    dial.answered = true;
    clearTimers(channel);
    this.setState(channel, "Up");
    this.dialEvent(channel, "ANSWER", dial.viaDialOperation ? "" : dial.dialstring);
    channel.dial = undefined;
    const onAnswer = dial.onAnswer;
    if (onAnswer?.kind === "stasis") {
      channel.dialplanBeforeStasis = channel.dialplan;
      channel.dialplan = { ...channel.dialplan, app_name: "Stasis", app_data: [onAnswer.app, ...onAnswer.args].join(",") };
      this.enterStasis(channel, onAnswer.app, onAnswer.args, true);
    } else if (onAnswer?.kind === "extension") {
      channel.dialplan = { ...channel.dialplan, context: onAnswer.context, exten: onAnswer.exten, priority: onAnswer.priority, app_name: "", app_data: "" };
      this.runExtension(channel, this.dialplan.lookup(onAnswer.context, onAnswer.exten));
    }
  }

  /** An answered channel runs an extension of the dialplan (after originate or continue). */
  private runExtension(channel: Channel, behaviour: Behaviour | undefined): void {
    switch (behaviour?.kind) {
      case "stasis":
        channel.dialplan = { ...channel.dialplan, app_name: "Stasis", app_data: [behaviour.app, ...behaviour.args].join(",") };
        this.enterStasis(channel, behaviour.app, behaviour.args, false);
        return;
      case "answer":
      case "ring":
        channel.dialplan = { ...channel.dialplan, app_name: "Wait", app_data: "3600" };
        return;
      case "busy":
        this.hangup(channel, Cause.userBusy, "silent");
        return;
      case "congestion":
        this.hangup(channel, Cause.congestion, "silent");
        return;
      case "reject":
        this.hangup(channel, Cause.callRejected, "silent");
        return;
      case "fail":
      case undefined:
        this.hangup(channel, Cause.normalClearing, "silent");
        return;
    }
  }

  /**
   * The channel runs `Stasis(app,args)`. Channels subscribed beforehand (originated or created
   * with `app`) first report ChannelVarset STASISSTATUS "". Without a connection holding the app,
   * Stasis() fails and the channel's dialplan ends.
   */
  private enterStasis(channel: Channel, app: string, args: string[], subscribedBefore: boolean): void {
    if (!this.apps.isRegistered(app)) {
      this.hangup(channel, Cause.normalClearing, "silent");
      return;
    }
    if (subscribedBefore) this.setVariable(channel, "STASISSTATUS", "");
    channel.stasisApp = app;
    this.channelEvent("StasisStart", channel, {}, { args: [...args] });
  }

  /**
   * The channel leaves its bridge and its Stasis app (StasisEnd); a channel that was subscribed
   * before entering reports ChannelVarset STASISSTATUS "SUCCESS" and returns to its previous
   * dialplan location.
   */
  private leaveStasis(channel: Channel): void {
    if (channel.bridge) this.removeFromBridge(channel);
    if (channel.stasisApp === undefined) return;
    this.channelEvent("StasisEnd", channel);
    channel.stasisApp = undefined;
    if (channel.dialplanBeforeStasis) {
      this.setVariable(channel, "STASISSTATUS", "SUCCESS");
      channel.dialplan = channel.dialplanBeforeStasis;
      channel.dialplanBeforeStasis = undefined;
    }
  }

  /** A Local `;2` half starts `Wait(3600)`; from then on it reports caller id changes at once. */
  private startWaiting(channel: Channel): void {
    this.dialplanStep(channel, "Wait", "3600");
    channel.waiting = true;
    if (channel.callerIdUpdatePending) {
      channel.callerIdUpdatePending = false;
      this.callerIdEvent(channel);
    }
  }

  /** Sets the connected line; for a Local half the other half's caller id follows (reported once it waits). */
  private setConnected(channel: Channel, identity: CallerId): void {
    if (sameCallerId(channel.connected, identity)) return;
    channel.connected = { ...identity };
    this.channelEvent("ChannelConnectedLine", channel);
    const peer = channel.localPeer;
    if (!peer || peer.hangingUp || sameCallerId(peer.caller, identity)) return;
    peer.caller = { ...identity };
    if (peer.waiting) this.callerIdEvent(peer);
    else peer.callerIdUpdatePending = true;
  }

  private callerIdEvent(channel: Channel): void {
    this.channelEvent("ChannelCallerId", channel, {}, {
      caller_presentation: 0,
      caller_presentation_txt: "Presentation Allowed, Not Screened",
    });
  }

  /** Moves a channel to its next dialplan priority running `app(data)` and reports ChannelDialplan. */
  private dialplanStep(channel: Channel, app: string, data: string): void {
    const priority = channel.dialplan.app_name === "" ? channel.dialplan.priority : channel.dialplan.priority + 1;
    channel.dialplan = { ...channel.dialplan, priority, app_name: app, app_data: data };
    this.channelEvent("ChannelDialplan", channel, {}, { dialplan_app: app, dialplan_app_data: data });
  }

  private setState(channel: Channel, state: ChannelStateName): void {
    if (channel.state === state) return;
    channel.state = state;
    this.channelEvent("ChannelStateChange", channel);
  }

  private destroy(channel: Channel, cause: number): void {
    this.channelEvent("ChannelDestroyed", channel, {}, { cause, cause_txt: causeToText(cause) });
    this.channels.delete(channel.id);
    this.notices.emit("channelDestroyed", channel.id);
  }

  /**
   * Writes a channel event to the apps that see the channel. `before` fields precede `type` (as
   * Asterisk orders ChannelVarset and ChannelHangupRequest), `after` fields follow `timestamp`.
   */
  private channelEvent(
    type: string,
    channel: Channel,
    before: Record<string, unknown> = {},
    after: Record<string, unknown> = {},
  ): void {
    this.apps.deliver(channel.apps(), {
      ...before,
      type,
      timestamp: asteriskTimestamp(new Date()),
      ...after,
      channel: channel.toJson(),
    });
  }

  private dialEvent(peer: Channel, dialstatus: string, dialstring = peer.dial?.dialstring ?? ""): void {
    this.apps.deliver(peer.apps(), {
      type: "Dial",
      timestamp: asteriskTimestamp(new Date()),
      dialstatus,
      forward: "",
      dialstring,
      peer: peer.toJson(),
    });
  }

  private bridgeEvent(type: string, bridge: Bridge, channel: Channel): void {
    this.apps.deliver(new Set([...channel.apps(), ...bridge.subscribers]), {
      type,
      timestamp: asteriskTimestamp(new Date()),
      bridge: bridge.toJson(),
      channel: channel.toJson(),
    });
  }
}

function clearTimers(channel: Channel): void {
  for (const timer of channel.timers) clearTimeout(timer);
  channel.timers.clear();
}

/** Splits `Tech/resource`; throws AriError 400 "Invalid endpoint specified" like Asterisk. */
function splitEndpoint(endpoint: string): { technology: string; resource: string } {
  const slash = endpoint.indexOf("/");
  const technology = slash === -1 ? endpoint : endpoint.slice(0, slash);
  const resource = slash === -1 ? "" : endpoint.slice(slash + 1);
  if (!technology || !resource) throw new AriError(400, "Invalid endpoint specified");
  return { technology, resource };
}

/** `1001@agents/n` → extension `1001`, context `agents` (Asterisk's default context when absent). */
function splitLocalResource(resource: string): { exten: string; context: string } {
  const [destination = ""] = resource.split("/");
  const at = destination.indexOf("@");
  return at === -1
    ? { exten: destination, context: "default" }
    : { exten: destination.slice(0, at), context: destination.slice(at + 1) };
}

/** Stasis application arguments: the comma-separated `appArgs` (`agent,1001` → `["agent","1001"]`). */
function splitArgs(appArgs: string | undefined): string[] {
  return appArgs ? appArgs.split(",") : [];
}

/** A `Wait()` argument in seconds, e.g. 1500 ms → `1.5`. */
function formatSeconds(ms: number): string {
  return String(ms / 1000);
}
