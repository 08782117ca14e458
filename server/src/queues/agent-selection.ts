/**
 * Which member gets the next call of a queue with automatic distribution (the strategies of
 * `queue-config.ts`). Pure: the caller passes the members who can take a call now.
 */
import type { AgentRecord } from "../state/index.js";
import type { QueueConfig } from "./queue-config.js";

const since = (agent: AgentRecord) => Date.parse(agent.statusChangedAt) || 0;

/** Longest in their current status first: for idle agents, idle longest; ties by agent id. */
function byTimeInStatus(a: AgentRecord, b: AgentRecord): number {
  return since(a) - since(b) || a.agentId.localeCompare(b.agentId);
}

/**
 * Picks the agent for the next call, or null when there is none.
 * - `longest-idle`: members holding no call first, idle longest; then the others, fewest calls first.
 * - `fewest-calls`: fewest calls held; ties: longest in their status.
 * - `round-robin`: the first candidate after `lastOffered` in the queue's member order (every
 *   agent sorted by id when `members` is empty), wrapping around.
 * `manual` picks nobody.
 * @param candidates members who can take a call now (available, a free slot, not wrapping up).
 * @param lastOffered the agent last offered a call of this queue by round-robin, if any.
 */
export function pickAgent(queue: QueueConfig, candidates: readonly AgentRecord[], lastOffered: string | null): AgentRecord | null {
  if (candidates.length === 0) return null;
  switch (queue.strategy) {
    case "manual":
      return null;
    case "longest-idle":
      return [...candidates].sort((a, b) => a.capacity.current - b.capacity.current || byTimeInStatus(a, b))[0] ?? null;
    case "fewest-calls":
      return [...candidates].sort((a, b) => a.capacity.current - b.capacity.current || byTimeInStatus(a, b))[0] ?? null;
    case "round-robin": {
      const order = queue.members.length > 0 ? queue.members : candidates.map((c) => c.agentId).sort();
      const start = lastOffered === null ? -1 : order.indexOf(lastOffered);
      for (let step = 1; step <= order.length; step += 1) {
        const agentId = order[(start + step + order.length) % order.length];
        const agent = candidates.find((c) => c.agentId === agentId);
        if (agent) return agent;
      }
      return null;
    }
  }
}
