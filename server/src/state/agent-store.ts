/**
 * Agents in Redis: the roster (name, extension, maxCalls), what each agent chose (presence) and
 * the status derived from it and the calls it holds. Writes go through the Lua scripts.
 */
import type { Redis } from "ioredis";
import { withFreshKeys, type SettledReply } from "./fresh-keys.js";
import type { StateKeys } from "./keys.js";
import { parseAgent, parseReply, parseStatusChange, toTransitionError } from "./replies.js";
import type { StateScripts } from "./scripts.js";
import type { AgentRecord, Presence, StatusChange, TransitionError, TransitionResult } from "./types.js";

/** Orders extensions as numbers ("2" before "10"); one collator, built once (localeCompare with options builds one per call). */
const byExtension = new Intl.Collator("en", { numeric: true });

/** An object from a flat field/value array (an HGETALL reply inside a script's reply). */
function pairs(flat: readonly string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) object[flat[i]!] = flat[i + 1]!;
  return object;
}

/** Roster fields of one agent. */
export interface AgentRoster {
  agentId: string;
  extension: string;
  agentName: string;
  /** Most calls the agent may hold at once (ringing included); an integer ≥ 1. */
  maxCalls: number;
}

const PRESENCES: readonly Presence[] = ["offline", "available", "paused"];

function invalid(message: string): TransitionError {
  return { ok: false, code: "INVALID_ARGUMENT", message };
}

/** Reads and writes agents under one key prefix. */
export class AgentStore {
  /** Extension → agent id as last seen by this process (see {@link findByExtension}). */
  private readonly extensionOwners = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
    private readonly scripts: StateScripts,
  ) {}

  /**
   * Creates the agent (presence and status `offline`) or updates its name, extension and maxCalls,
   * leaving presence and calls alone. `now` is Unix ms. Refusals: INVALID_ARGUMENT (empty id or
   * extension, maxCalls not an integer ≥ 1), EXTENSION_IN_USE (another agent has the extension).
   * Lowering maxCalls below the calls held keeps those calls; new ones are refused until below.
   */
  async upsertAgent(
    roster: AgentRoster,
    now: number,
  ): Promise<TransitionResult<{ created: boolean; statusChange: StatusChange }>> {
    const { agentId, extension, agentName, maxCalls } = roster;
    if (agentId === "" || extension === "") return invalid("An agent needs an id and an extension.");
    if (!Number.isInteger(maxCalls) || maxCalls < 1) return invalid(`maxCalls must be an integer ≥ 1, not ${maxCalls}.`);
    const nowIso = new Date(now).toISOString();
    const reply = await withFreshKeys(async () => {
      const stored = (await this.redis.hget(this.keys.agent(agentId), "extension")) ?? "";
      return this.scripts.upsertAgent(
        [
          this.keys.agents(),
          this.keys.agent(agentId),
          this.keys.agentCalls(agentId),
          this.keys.extension(extension),
          this.keys.extension(stored === "" ? extension : stored),
        ],
        [agentId, extension, agentName, maxCalls, stored, nowIso],
      );
    });
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, created: reply.created as boolean, statusChange: parseStatusChange(reply.statusChange) };
  }

  /**
   * Deletes an agent holding no call (ringing included): its record, presence and extension.
   * Refusals: UNKNOWN_AGENT, AGENT_HOLDS_CALLS (delete it once its calls have ended).
   * @returns the extension the agent had.
   */
  async deleteAgent(agentId: string): Promise<TransitionResult<{ extension: string }>> {
    const reply = await withFreshKeys(async () => {
      const stored = (await this.redis.hget(this.keys.agent(agentId), "extension")) ?? "";
      return this.scripts.deleteAgent(
        [
          this.keys.agents(),
          this.keys.agent(agentId),
          this.keys.agentCalls(agentId),
          this.keys.agentLines(agentId),
          this.keys.extension(stored),
          this.keys.wrapUps(),
        ],
        [agentId, stored],
      );
    });
    if (!reply.ok) return toTransitionError(reply);
    this.extensionOwners.delete(reply.extension as string);
    return { ok: true, extension: reply.extension as string };
  }

  /** The agent with its held calls and capacity, or null when unknown. */
  async getAgent(agentId: string): Promise<AgentRecord | null> {
    const [agent] = await this.readAgents([agentId]);
    return agent ?? null;
  }

  /** Every agent, sorted by extension. */
  async listAgents(): Promise<AgentRecord[]> {
    const agentIds = await this.redis.smembers(this.keys.agents());
    const agents = await this.readAgents(agentIds);
    return agents.sort((a, b) => byExtension.compare(a.extension, b.extension));
  }

  /**
   * The agent owning `extension`, or null. The owner last seen is tried first and kept only when
   * its record still has that extension (a roster change on any node shows there), so the usual
   * lookup is one read.
   */
  async findByExtension(extension: string): Promise<AgentRecord | null> {
    const seen = this.extensionOwners.get(extension);
    if (seen !== undefined) {
      const agent = await this.getAgent(seen);
      if (agent?.extension === extension) return agent;
      this.extensionOwners.delete(extension);
    }
    const agentId = await this.redis.get(this.keys.extension(extension));
    const agent = agentId === null ? null : await this.getAgent(agentId);
    if (agent?.extension === extension) this.extensionOwners.set(extension, agent.agentId);
    return agent;
  }

  /**
   * Sets the agent's presence (`set_status`); `reason` is kept only with `paused`. `now` is Unix ms.
   * Refusals: UNKNOWN_AGENT, INVALID_ARGUMENT (not a presence).
   */
  async setPresence(
    agentId: string,
    presence: Presence,
    reason: string | undefined,
    now: number,
  ): Promise<TransitionResult<{ statusChange: StatusChange }>> {
    if (!PRESENCES.includes(presence)) return invalid(`Presence must be available, paused or offline, not ${String(presence)}.`);
    // Its keys depend on nothing stored, so this script never answers STALE_KEYS.
    const reply = parseReply(
      await this.scripts.setPresence(
        [this.keys.agent(agentId), this.keys.agentCalls(agentId)],
        [agentId, presence, reason ?? "", new Date(now).toISOString()],
      ),
    ) as SettledReply;
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, statusChange: parseStatusChange(reply.statusChange) };
  }

  /**
   * Ends the agent's after-call work: `force` (the agent's `end_wrap_up`) ends it now; otherwise
   * (a claimed deadline) only when its time is up at `now` (Unix ms). `ended` is false when the
   * agent was not wrapping up or the work was extended. Refusals: UNKNOWN_AGENT.
   */
  async endWrapUp(agentId: string, now: number, force: boolean): Promise<TransitionResult<{ ended: boolean; statusChange: StatusChange | null }>> {
    const reply = parseReply(
      await this.scripts.endWrapUp(
        [this.keys.agent(agentId), this.keys.agentCalls(agentId), this.keys.wrapUps()],
        [agentId, now, new Date(now).toISOString(), force ? "1" : "0"],
      ),
    ) as SettledReply;
    if (!reply.ok) return toTransitionError(reply);
    return { ok: true, ended: reply.ended as boolean, statusChange: reply.statusChange === undefined ? null : parseStatusChange(reply.statusChange) };
  }

  /** Takes up to `limit` (1..1000) agent ids whose after-call work ended at or before `now`, each once. */
  async claimDueWrapUps(now: number, limit: number): Promise<string[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be an integer from 1 to 1000, not ${limit}`);
    return this.scripts.claimDue([this.keys.wrapUps()], [now, limit]);
  }

  /** Reads agents and their calls in one script, so each agent's hash and calls agree. */
  private async readAgents(agentIds: string[]): Promise<AgentRecord[]> {
    if (agentIds.length === 0) return [];
    const keys = agentIds.flatMap((agentId) => [this.keys.agent(agentId), this.keys.agentCalls(agentId)]);
    const reply = await this.scripts.readAgents(keys, []);
    const agents: AgentRecord[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const fields = pairs(reply[i]!);
      if (Object.keys(fields).length > 0) agents.push(parseAgent(fields, pairs(reply[i + 1]!)));
    }
    return agents;
  }

}
