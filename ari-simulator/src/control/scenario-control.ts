import type { BridgeJson } from "../pbx/bridge.js";
import type { Behaviour } from "../pbx/behaviour.js";
import { Cause } from "../pbx/causes.js";
import type { ChannelJson } from "../pbx/channel.js";
import type { Dialplan } from "../pbx/dialplan.js";
import type { EndpointBehaviours } from "../pbx/endpoint-behaviours.js";
import type { Pbx } from "../pbx/pbx.js";
import type { EventFaultCounts, EventFaultSettings } from "../faults/event-faults.js";
import type { EventListener, StasisApps } from "../pbx/stasis-apps.js";
import { type TrafficCounters, TrafficGenerator, type TrafficOptions } from "../traffic/traffic-generator.js";

/** A customer call to inject: Stasis `args` (e.g. `["agent","1001"]`, `["queue","8000"]`) and who calls. */
export interface InjectCallOptions {
  args: string[];
  callerNumber?: string;
  callerName?: string;
  /** The Stasis app to enter; the simulator's `appName` when absent. */
  app?: string;
}

/**
 * Scenario control of a running simulator, in-process (`sim.control`) and behind `/sim/` over
 * HTTP: inject customer calls, make the far side hang up, set what endpoints and extensions do,
 * observe every event sent, and run generated traffic.
 */
export class ScenarioControl {
  private traffic: TrafficGenerator | undefined;

  constructor(
    private readonly pbx: Pbx,
    private readonly apps: StasisApps,
    private readonly dialplan: Dialplan,
    private readonly endpoints: EndpointBehaviours,
    private readonly appName: string,
  ) {}

  /**
   * A customer calls in: a new channel `PJSIP/trunk-<n>` in state Ring runs
   * `Stasis(<app>,<args>)` (StasisStart with `args`). Resolves with the channel's JSON; rejects
   * (AriError 409) when no `/ari/events` connection holds the app.
   */
  async injectCall(options: InjectCallOptions): Promise<ChannelJson> {
    const channel = this.pbx.inbound({
      endpoint: "PJSIP/trunk",
      app: options.app ?? this.appName,
      args: options.args,
      caller: { name: options.callerName ?? "", number: options.callerNumber ?? "" },
      context: "from-customer",
      extension: options.args[1] ?? "s",
    });
    return channel.toJson();
  }

  /**
   * The far side of a channel hangs up (ChannelHangupRequest with `cause`, default 16, no `soft`).
   * Throws Error "Channel not found" for an unknown channel.
   */
  hangup(channelId: string, options: { cause?: number } = {}): void {
    const channel = this.pbx.channels.get(channelId);
    if (!channel) throw new Error("Channel not found");
    this.pbx.hangup(channel, options.cause ?? Cause.normalClearing, "remote");
  }

  /** The far side of a channel hangs up after `ms` ms (nothing happens if the channel is gone by then). */
  hangupAfter(channelId: string, ms: number, options: { cause?: number } = {}): void {
    const channel = this.pbx.channels.get(channelId);
    if (!channel) throw new Error("Channel not found");
    this.pbx.channelTimer(channel, ms, () => this.pbx.hangup(channel, options.cause ?? Cause.normalClearing, "remote"));
  }

  /** Sets what a non-Local endpoint (`PJSIP/1001`) or every endpoint matching a `*` pattern does when dialled. */
  setEndpointBehaviour(endpointOrPattern: string, behaviour: Behaviour): void {
    this.endpoints.set(endpointOrPattern, behaviour);
  }

  /** Sets what `extension` (or `_.` for any) of `context` does, for Local channels and originates to extensions. */
  setExtensionBehaviour(context: string, extension: string, behaviour: Behaviour): void {
    this.dialplan.set(context, extension, behaviour);
  }

  /** Every channel as ARI's Channel JSON. */
  listChannels(): ChannelJson[] {
    return [...this.pbx.channels.values()].map((channel) => channel.toJson());
  }

  /** Every bridge as ARI's Bridge JSON. */
  listBridges(): BridgeJson[] {
    return [...this.pbx.bridges.values()].map((bridge) => bridge.toJson());
  }

  /**
   * Observes every event written to a WebSocket, with the `process.hrtime.bigint()` (ns) of the
   * write, so an in-process benchmark can correlate. Returns a function that stops observing.
   */
  on(type: "event", listener: EventListener): () => void {
    if (type !== "event") throw new Error(`unknown control event '${String(type)}'`);
    return this.apps.onEvent(listener);
  }

  /**
   * Cuts the `/ari/events` connection holding `app` (every connection when absent) as a network
   * failure would: TCP destroyed, no close frame. The apps are unregistered at once, so calls
   * injected before the client reconnects are refused (409). Returns how many connections were cut.
   */
  cutEventSockets(app?: string): number {
    return this.apps.cut(app);
  }

  /**
   * Duplicates and/or reorders the events written from now on (see {@link EventFaultSettings});
   * `{}` turns both off and writes any held event. Throws RangeError for a negative or fractional count.
   */
  setEventFaults(settings: EventFaultSettings): void {
    this.apps.faults.configure(settings);
    if (!settings.duplicateEvery && !settings.reorderEvery) this.apps.faults.flush();
  }

  /** The current event fault settings and how many events each fault touched so far. */
  eventFaults(): Required<EventFaultSettings> & EventFaultCounts {
    return { ...this.apps.faults.current(), ...this.apps.faults.counts };
  }

  /** How many events have been written to WebSockets. */
  get events(): number {
    return this.apps.sentCount;
  }

  /**
   * Starts generated traffic into the simulator's app (see {@link TrafficOptions}); a running
   * traffic run is stopped first. Returns the run; `finished` settles when all its calls ended.
   */
  startTraffic(options: TrafficOptions): TrafficGenerator {
    this.traffic?.stop();
    this.traffic = new TrafficGenerator(this.pbx, this.appName, options);
    return this.traffic;
  }

  /** Stops new traffic arrivals (calls in progress end normally); returns the counters, or undefined if none ran. */
  stopTraffic(): TrafficCounters | undefined {
    return this.traffic?.stop();
  }

  /** The counters of the current or last traffic run, or undefined if none ran. */
  trafficCounters(): TrafficCounters | undefined {
    return this.traffic?.snapshot();
  }

  /** Stops traffic and its timers (simulator shutdown). */
  close(): void {
    this.traffic?.close();
  }
}
