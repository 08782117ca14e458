/**
 * A read model of every agent for the figures that need them all (statistics, queue wait
 * estimates, automatic distribution). Listing thousands of agents from Redis costs tens of ms of
 * the event loop, too much to do per queue event or per statistics push; the board keeps the
 * listing in memory, applies each status change this process makes or learns of from another
 * process's events, and reloads from Redis when older than `maxAgeMs`, which bounds any drift.
 *
 * Nothing that must be exact reads it: offers are reserved by the Lua transitions, which refuse an
 * agent that cannot take the call whatever the board said, and `system_state` lists from Redis.
 */
import type { EventPayloadMap } from "@acc/shared-types";
import type { AgentStore } from "./agent-store.js";
import type { AgentRecord, HeldCallState, Presence, StatusChange } from "./types.js";

/** Anything that lists every agent, sorted by extension. */
export interface AgentLister {
  listAgents(): Promise<AgentRecord[]>;
}

/** Options of {@link AgentBoard}. `maxAgeMs`: reload from Redis when the listing is older (ms). */
export interface AgentBoardOptions {
  maxAgeMs: number;
  now(): number;
}

type StatusUpdated = EventPayloadMap["agent_status_updated"];

/** What presence a status shows when no call is held; null when calls hide it. */
function presenceOf(status: AgentRecord["status"], callCount: number): Presence | null {
  if (callCount > 0) return null;
  if (status === "wrap_up") return "available";
  return status === "available" || status === "paused" || status === "offline" ? status : null;
}

/** Every agent in memory, kept current by status changes and reloaded when old. */
export class AgentBoard implements AgentLister {
  private agents = new Map<string, AgentRecord>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: AgentStore,
    private readonly options: AgentBoardOptions,
  ) {}

  /** Every agent, sorted by extension; reloads from Redis first when the listing is too old. */
  async listAgents(): Promise<AgentRecord[]> {
    if (this.options.now() - this.loadedAt > this.options.maxAgeMs) await this.reload();
    return [...this.agents.values()];
  }

  /** Takes a whole record just read from Redis (after a transition). */
  put(agent: AgentRecord): void {
    if (!this.agents.has(agent.agentId)) {
      // A new agent changes the order by extension: the next listing reloads.
      this.loadedAt = Number.NEGATIVE_INFINITY;
      return;
    }
    this.agents.set(agent.agentId, agent);
  }

  /** Forgets a deleted agent. */
  remove(agentId: string): void {
    this.agents.delete(agentId);
  }

  /** Applies a transition's status change to the agent's record. */
  apply(change: StatusChange): void {
    const agent = this.agents.get(change.agentId);
    if (!agent) {
      this.loadedAt = Number.NEGATIVE_INFINITY;
      return;
    }
    const presence = presenceOf(change.status, change.callCount) ?? agent.presence;
    this.agents.set(change.agentId, {
      ...agent,
      presence,
      pauseReason: presence === "paused" ? agent.pauseReason : null,
      wrapUpUntil: change.wrapUpUntil,
      status: change.status,
      previousStatus: change.previousStatus,
      statusChangedAt: change.statusChangedAt,
      lastUpdate: change.lastUpdate,
      lastCallEndedAt: change.lastCallEndedAt,
      callsHandled: change.callsHandled,
      calls: change.calls,
      maxCalls: change.capacity.max,
      capacity: { ...change.capacity },
    });
  }

  /** Applies an `agent_status_updated` another server process published (relayed from the event log). */
  applyEvent(data: StatusUpdated): void {
    const agent = this.agents.get(data.agentId);
    if (!agent || agent.extension !== data.extension) {
      this.loadedAt = Number.NEGATIVE_INFINITY;
      return;
    }
    const known = new Map(agent.calls.map((call) => [call.sessionId, call.state]));
    const presence = presenceOf(data.status, data.callCount) ?? agent.presence;
    this.agents.set(data.agentId, {
      ...agent,
      agentName: data.agentName,
      presence,
      pauseReason: presence === "paused" ? (data.pauseReason ?? agent.pauseReason) : null,
      wrapUpUntil: data.wrapUpUntil ? Date.parse(data.wrapUpUntil) : null,
      status: data.status,
      previousStatus: data.previousStatus,
      statusChangedAt: data.statusChangedAt,
      lastUpdate: data.lastUpdate,
      calls: data.activeCalls
        .map((call) => ({ sessionId: call.sessionId, state: known.get(call.sessionId) ?? ("connected" as HeldCallState) }))
        .sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
      maxCalls: data.capacity.max,
      capacity: { ...data.capacity },
    });
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const startedAt = this.options.now();
        const agents = await this.store.listAgents();
        this.agents = new Map(agents.map((agent) => [agent.agentId, agent]));
        this.loadedAt = startedAt;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
