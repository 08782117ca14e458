/**
 * Which member gets the next call of a queue with automatic distribution (the strategies of
 * `queue-config.ts`). Pure: the caller passes the members who can take a call now.
 */
import type { AgentRecord } from "../state/index.js";
import type { QueueConfig } from "./queue-config.js";

const since = (agent: AgentRecord) => Date.parse(agent.statusChangedAt) || 0;
/** When the agent's last call ended; an agent who has handled none counts as idle the longest. */
const lastCallEnd = (agent: AgentRecord) => agent.lastCallEndedAt ?? Number.NEGATIVE_INFINITY;

/** Longest idle first: fewest calls held, then the earliest end of a last call, then longest in status; ties by agent id. */
function byIdleTime(a: AgentRecord, b: AgentRecord): number {
  return a.capacity.current - b.capacity.current || lastCallEnd(a) - lastCallEnd(b) || since(a) - since(b) || a.agentId.localeCompare(b.agentId);
}

/** Fewest calls first: fewest held now, then fewest handled, then as {@link byIdleTime}. */
function byCallCount(a: AgentRecord, b: AgentRecord): number {
  return a.capacity.current - b.capacity.current || a.callsHandled - b.callsHandled || byIdleTime(a, b);
}

/**
 * Picks the agent for the next call, or null when there is none. The two call-count strategies
 * follow Asterisk's app_queue `leastrecent` and `fewestcalls`, ordered first by calls held now
 * since an agent may hold several:
 * - `longest-idle`: fewest calls held; then the agent whose last call ended longest ago (one who
 *   has handled none first); then longest in its status.
 * - `fewest-calls`: fewest calls held; then fewest calls handled (`callsHandled`, counted since the
 *   agent was first stored); then as `longest-idle`.
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
      return [...candidates].sort(byIdleTime)[0] ?? null;
    case "fewest-calls":
      return [...candidates].sort(byCallCount)[0] ?? null;
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
