import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { AriError } from "./ari-error.js";
import type { Behaviour } from "./behaviour.js";
import { Bridge } from "./bridge.js";
import { type CallerId, emptyCallerId, parseCallerId, sameCallerId } from "./caller-id.js";
import { type CalleeSteps, runEndpoint, runLocalHalf } from "./callee-behaviour.js";
import { Cause, causeToText } from "./causes.js";
import { ChannelAllocator, splitEndpoint } from "./channel-allocation.js";
import type { AnswerAction, Channel, ChannelJson, ChannelStateName } from "./channel.js";
import type { Dialplan } from "./dialplan.js";
import type { EndpointBehaviours } from "./endpoint-behaviours.js";
import type { CreateParams, HangupMode, OriginateParams } from "./operation-params.js";
import { PbxEvents } from "./pbx-events.js";
import type { StasisApps } from "./stasis-apps.js";

/** What the Pbx tells in-process observers (the traffic generator) besides ARI events. */
export interface PbxNotices {
  channelEnteredBridge: [channelId: string];
  channelDestroyed: [channelId: string];
}

/** Default originate dial timeout (s), as Asterisk's `ari_channels_handle_originate_with_id`. */
const defaultOriginateTimeoutS = 30;

/**
 * The simulated Asterisk: channels, Local channel pairs, bridges, the dial and hang-up sequences,
 * and the ARI events they produce, in the order a real Asterisk 20 produces them (see
 * `test/fixtures/ari-recordings/`). All operations are synchronous: the events an operation
 * causes are written before it returns, so they precede the REST response that reports it.
 */
export class Pbx {
  readonly channels = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  readonly notices = new EventEmitter<PbxNotices>();
  private readonly pending = new Set<NodeJS.Immediate>();
  private readonly events: PbxEvents;
  private readonly allocator: ChannelAllocator;
  /** What a callee's behaviour may do to the channels of its dial. */
  private readonly calleeSteps: CalleeSteps;
  private closed = false;

  constructor(
    private readonly apps: StasisApps,
    private readonly dialplan: Dialplan,
    private readonly endpoints: EndpointBehaviours,
  ) {
    this.events = new PbxEvents(apps);
    this.allocator = new ChannelAllocator(this.channels, endpoints);
    this.calleeSteps = {
      events: this.events,
      dialplanStep: (channel, app, data) => this.dialplanStep(channel, app, data),
      setState: (channel, state) => this.setState(channel, state),
      answerDialed: (channel) => this.answerDialed(channel),
      calleeFailed: (channel, dialstatus, cause) => this.calleeFailed(channel, dialstatus, cause),
      ringing: (channel) => this.ringing(channel),
      startWaiting: (channel) => this.startWaiting(channel),
      enterStasis: (channel, app, args, subscribedBefore) => this.enterStasis(channel, app, args, subscribedBefore),
      channelTimer: (channel, ms, action) => this.channelTimer(channel, ms, action),
    };
  }

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
    const first = this.allocator.request(technology, resource, params.channelId, params.otherChannelId, identity);
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
    const channel = this.allocator.request(technology, resource, params.channelId, params.otherChannelId, emptyCallerId());
    for (const [name, value] of Object.entries(params.variables ?? {})) channel.variables.set(name, value);
    if (app) channel.subscribers.add(app);
    channel.pendingDialstring = resource;
    const snapshot = channel.toJson();
    this.afterResponse(() => {
      if (channel.hangingUp) return;
      const appData = [app, ...splitArgs(params.appArgs)].join(",");
      channel.dialplanBeforeStasis = channel.dialplan;
      channel.dialplan = { ...channel.dialplan, app_name: "Stasis", app_data: appData };
      this.events.channel("ChannelDialplan", channel, {}, { dialplan_app: "Stasis", dialplan_app_data: appData });
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
    const channel = this.allocator.newChannel(technology, resource, undefined, {
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
    this.events.channel("ChannelVarset", channel, { variable, value });
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
    if (mode === "ari") this.events.channel("ChannelHangupRequest", channel, { cause: 32, soft: true });
    if (mode === "remote") this.events.channel("ChannelHangupRequest", channel, { cause });
    if (mode === "ari" && channel.dial && !channel.dial.answered) this.events.dial(channel, "NOANSWER");
    channel.dial = undefined;
    this.leaveStasis(channel);
    const peer = channel.localPeer && !channel.localPeer.hangingUp ? channel.localPeer : undefined;
    if (peer) this.events.channel("ChannelHangupRequest", peer, { cause });
    this.destroy(channel, cause);
    if (peer) {
      peer.hangingUp = true;
      clearTimers(peer);
      peer.dial = undefined;
      this.leaveStasis(peer);
      // Asterisk then soft-hangs the half up with AST_SOFTHANGUP_APPUNLOAD (16); a `;2` half's dialplan app is done.
      this.events.channel("ChannelHangupRequest", peer, { cause: 16, soft: true });
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
    this.events.bridge("ChannelEnteredBridge", bridge, channel);
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
    this.events.bridge("ChannelLeftBridge", bridge, channel);
  }

  /** Destroys a bridge (`DELETE /bridges/{id}`): its channels leave it, then BridgeDestroyed. */
  destroyBridge(bridge: Bridge): void {
    for (const member of [...bridge.members]) this.removeFromBridge(member);
    this.bridges.delete(bridge.id);
    this.events.bridgeDestroyed(bridge);
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

  /**
   * Asterisk stops: every channel and bridge is gone at once and no ARI event says so (nobody is
   * connected to hear it). In-process observers still get `channelDestroyed`. Channel ids keep
   * counting, so ids never repeat across a restart (a real restart takes longer than the second
   * the ids' epoch part is made of).
   */
  discardAll(): void {
    for (const immediate of this.pending) clearImmediate(immediate);
    this.pending.clear();
    const channels = [...this.channels.values()];
    for (const channel of channels) {
      clearTimers(channel);
      channel.hangingUp = true;
    }
    this.channels.clear();
    this.bridges.clear();
    for (const channel of channels) this.notices.emit("channelDestroyed", channel.id);
  }

  /** Runs `action` after the current REST response has been written (Asterisk runs it on another thread). */
  private afterResponse(action: () => void): void {
    const immediate = setImmediate(() => {
      this.pending.delete(immediate);
      if (!this.closed) action();
    });
    this.pending.add(immediate);
  }

  /** Starts an outgoing dial: Dial with an empty status, the ring timeout, then the callee's behaviour. */
  private startDial(channel: Channel, timeoutMs: number): void {
    const dial = channel.dial;
    if (channel.hangingUp || !dial) return;
    this.events.dial(channel, "");
    if (timeoutMs > 0) {
      // A dial that times out ends without a Dial NOANSWER event (recording s3-agent-ring-noanswer).
      this.channelTimer(channel, timeoutMs, () => {
        if (channel.dial && !channel.dial.answered) this.hangup(channel, Cause.noAnswer, "silent");
      });
    }
    const peer = channel.localPeer;
    if (peer) {
      const behaviour = this.dialplan.lookup(peer.dialplan.context, peer.dialplan.exten);
      runLocalHalf(this.calleeSteps, channel, peer, behaviour);
    } else {
      runEndpoint(this.calleeSteps, channel, this.endpoints.lookup(`${channel.technology}/${dial.dialstring}`));
    }
  }

  private ringing(channel: Channel): void {
    this.setState(channel, "Ringing");
    this.events.dial(channel, "RINGING");
  }

  /** The dial fails: Dial with the status, then the channel ends without a hang-up request. */
  private calleeFailed(channel: Channel, dialstatus: string, cause: number): void {
    this.events.dial(channel, dialstatus);
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
    this.events.dial(channel, "ANSWER", dial.viaDialOperation ? "" : dial.dialstring);
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
    this.events.channel("StasisStart", channel, {}, { args: [...args] });
  }

  /**
   * The channel leaves its bridge and its Stasis app (StasisEnd); a channel that was subscribed
   * before entering reports ChannelVarset STASISSTATUS "SUCCESS" and returns to its previous
   * dialplan location.
   */
  private leaveStasis(channel: Channel): void {
    if (channel.bridge) this.removeFromBridge(channel);
    if (channel.stasisApp === undefined) return;
    this.events.channel("StasisEnd", channel);
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
      this.events.callerId(channel);
    }
  }

  /** Sets the connected line; for a Local half the other half's caller id follows (reported once it waits). */
  private setConnected(channel: Channel, identity: CallerId): void {
    if (sameCallerId(channel.connected, identity)) return;
    channel.connected = { ...identity };
    this.events.channel("ChannelConnectedLine", channel);
    const peer = channel.localPeer;
    if (!peer || peer.hangingUp || sameCallerId(peer.caller, identity)) return;
    peer.caller = { ...identity };
    if (peer.waiting) this.events.callerId(peer);
    else peer.callerIdUpdatePending = true;
  }

  /** Moves a channel to its next dialplan priority running `app(data)` and reports ChannelDialplan. */
  private dialplanStep(channel: Channel, app: string, data: string): void {
    const priority = channel.dialplan.app_name === "" ? channel.dialplan.priority : channel.dialplan.priority + 1;
    channel.dialplan = { ...channel.dialplan, priority, app_name: app, app_data: data };
    this.events.channel("ChannelDialplan", channel, {}, { dialplan_app: app, dialplan_app_data: data });
  }

  private setState(channel: Channel, state: ChannelStateName): void {
    if (channel.state === state) return;
    channel.state = state;
    this.events.channel("ChannelStateChange", channel);
  }

  private destroy(channel: Channel, cause: number): void {
    this.events.channel("ChannelDestroyed", channel, {}, { cause, cause_txt: causeToText(cause) });
    this.channels.delete(channel.id);
    this.notices.emit("channelDestroyed", channel.id);
  }
}


function clearTimers(channel: Channel): void {
  for (const timer of channel.timers) clearTimeout(timer);
  channel.timers.clear();
}

/** Stasis application arguments: the comma-separated `appArgs` (`agent,1001` → `["agent","1001"]`). */
function splitArgs(appArgs: string | undefined): string[] {
  return appArgs ? appArgs.split(",") : [];
}


