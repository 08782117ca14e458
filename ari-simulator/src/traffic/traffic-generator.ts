import { Cause } from "../pbx/causes.js";
import type { Pbx } from "../pbx/pbx.js";
import { type Distribution, SeededRandom, type Spread } from "./random.js";

/**
 * A traffic run: customer calls arriving as a Poisson process of `callsPerSecond`, each going to
 * one agent (`["agent", ext]`, with probability `directShare`) or one queue (`["queue", n]`).
 * A customer hangs up `talkTimeMs` after first entering a bridge, or after `patienceMs` if never
 * bridged. The run ends after `maxCalls` calls (default 10 000) or `durationMs` (default 1 h).
 */
export interface TrafficOptions {
  callsPerSecond: number;
  talkTimeMs: Spread;
  patienceMs: Spread;
  /** Share of calls direct to an agent, 0..1; the rest go to queues. */
  directShare: number;
  agentExtensions: string[];
  queueNumbers: string[];
  maxCalls?: number;
  durationMs?: number;
  /** Seed of the pseudo-random source; the same seed gives the same calls. */
  seed?: number;
  distribution?: Distribution;
}

/** What a traffic run has done so far. */
export interface TrafficCounters {
  /** Calls the generator tried to place. */
  offered: number;
  /** Calls that could not enter Stasis (no connection held the app). */
  failed: number;
  /** Calls that entered a bridge. */
  bridged: number;
  /** Bridged calls the customer ended after the talk time. */
  completed: number;
  /** Calls the customer abandoned after the patience ran out. */
  abandoned: number;
  /** Calls ended by the ARI application (or anything but the generator). */
  endedByApplication: number;
  /** Calls in progress. */
  active: number;
}

interface TrafficCall {
  /** Drawn when the call arrives, so a seed fixes every draw whatever the timing of bridging. */
  talkMs: number;
  bridged: boolean;
  endedByCustomer: "completed" | "abandoned" | undefined;
  timer: NodeJS.Timeout | undefined;
}

const defaultMaxCalls = 10_000;
const defaultDurationMs = 3_600_000;

/** Places simulated customer calls into a Stasis app and hangs them up like customers would. */
export class TrafficGenerator {
  private readonly random: SeededRandom;
  private readonly calls = new Map<string, TrafficCall>();
  private readonly counters: TrafficCounters = { offered: 0, failed: 0, bridged: 0, completed: 0, abandoned: 0, endedByApplication: 0, active: 0 };
  private arrivalTimer: NodeJS.Timeout | undefined;
  private arriving = true;
  private readonly startedAt = Date.now();
  private readonly maxCalls: number;
  private readonly durationMs: number;
  private resolveFinished!: (counters: TrafficCounters) => void;
  /** Settles with the final counters once no more calls arrive and every call has ended. */
  readonly finished: Promise<TrafficCounters>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly pbx: Pbx,
    private readonly app: string,
    private readonly options: TrafficOptions,
  ) {
    if (!(options.callsPerSecond > 0)) throw new Error("callsPerSecond must be above 0");
    if (options.agentExtensions.length === 0 && options.queueNumbers.length === 0) {
      throw new Error("agentExtensions or queueNumbers must name at least one destination");
    }
    this.random = new SeededRandom(options.seed ?? Date.now());
    this.maxCalls = options.maxCalls ?? defaultMaxCalls;
    this.durationMs = options.durationMs ?? defaultDurationMs;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    const onBridged = (channelId: string) => this.bridged(channelId);
    const onDestroyed = (channelId: string) => this.ended(channelId);
    pbx.notices.on("channelEnteredBridge", onBridged);
    pbx.notices.on("channelDestroyed", onDestroyed);
    this.unsubscribe = () => {
      pbx.notices.off("channelEnteredBridge", onBridged);
      pbx.notices.off("channelDestroyed", onDestroyed);
    };
    this.scheduleArrival();
  }

  /** A copy of the counters. */
  snapshot(): TrafficCounters {
    return { ...this.counters, active: this.calls.size };
  }

  /** Stops new arrivals; calls in progress run to their end. Returns the counters. */
  stop(): TrafficCounters {
    this.arriving = false;
    clearTimeout(this.arrivalTimer);
    this.settleIfDone();
    return this.snapshot();
  }

  /** Stops everything at once (simulator shutdown): no timers remain. */
  close(): void {
    this.stop();
    for (const call of this.calls.values()) clearTimeout(call.timer);
    this.calls.clear();
    this.settleIfDone();
  }

  private scheduleArrival(): void {
    const delay = this.random.exponential(1000 / this.options.callsPerSecond);
    this.arrivalTimer = setTimeout(() => this.arrive(), delay);
  }

  private arrive(): void {
    if (!this.arriving) return;
    if (this.counters.offered >= this.maxCalls || Date.now() - this.startedAt >= this.durationMs) {
      this.stop();
      return;
    }
    this.counters.offered++;
    const direct = this.options.queueNumbers.length === 0 || (this.options.agentExtensions.length > 0 && this.random.chance(this.options.directShare));
    const args = direct ? ["agent", this.random.pick(this.options.agentExtensions)] : ["queue", this.random.pick(this.options.queueNumbers)];
    const distribution = this.options.distribution ?? "exponential";
    const patienceMs = this.random.duration(this.options.patienceMs, distribution);
    const talkMs = this.random.duration(this.options.talkTimeMs, distribution);
    const number = `2547${String(Math.floor(this.random.next() * 1e8)).padStart(8, "0")}`;
    try {
      const channel = this.pbx.inbound({
        endpoint: "PJSIP/trunk",
        app: this.app,
        args,
        caller: { name: "", number },
        context: "from-customer",
        extension: args[1] ?? "s",
      });
      if (this.pbx.channels.has(channel.id)) {
        const call: TrafficCall = { talkMs, bridged: false, endedByCustomer: undefined, timer: undefined };
        call.timer = setTimeout(() => this.customerHangsUp(channel.id, "abandoned"), patienceMs);
        this.calls.set(channel.id, call);
      }
    } catch {
      this.counters.failed++;
    }
    if (this.counters.offered >= this.maxCalls) this.stop();
    else this.scheduleArrival();
  }

  private bridged(channelId: string): void {
    const call = this.calls.get(channelId);
    if (!call || call.bridged) return;
    call.bridged = true;
    this.counters.bridged++;
    clearTimeout(call.timer);
    call.timer = setTimeout(() => this.customerHangsUp(channelId, "completed"), call.talkMs);
  }

  private customerHangsUp(channelId: string, outcome: "completed" | "abandoned"): void {
    const call = this.calls.get(channelId);
    const channel = this.pbx.channels.get(channelId);
    if (!call || !channel) return;
    call.endedByCustomer = outcome;
    this.pbx.hangup(channel, Cause.normalClearing, "remote");
  }

  private ended(channelId: string): void {
    const call = this.calls.get(channelId);
    if (!call) return;
    clearTimeout(call.timer);
    this.calls.delete(channelId);
    if (call.endedByCustomer === "completed") this.counters.completed++;
    else if (call.endedByCustomer === "abandoned") this.counters.abandoned++;
    else this.counters.endedByApplication++;
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.arriving || this.calls.size > 0) return;
    this.unsubscribe();
    this.resolveFinished(this.snapshot());
  }
}
