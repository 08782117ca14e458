/**
 * Every Redis key name the server uses is built here, and only here. Scripts receive the keys they
 * touch in KEYS, never build them.
 */

/** The key prefix used when none is configured. */
export const DEFAULT_KEY_PREFIX = "acc:";

/** Key builders under one prefix. Each returns the full key name. */
export interface StateKeys {
  readonly prefix: string;
  /** Set of all agent ids. */
  agents(): string;
  /** Hash of one agent's roster fields, presence and derived status. */
  agent(agentId: string): string;
  /** Hash sessionId → `ringing` | `connecting` | `connected`: the calls the agent holds. */
  agentCalls(agentId: string): string;
  /** Hash line number (callIndex) → sessionId: which line each held call occupies. */
  agentLines(agentId: string): string;
  /** String: the agent id owning an extension. */
  extension(extension: string): string;
  /** String: one session as a JSON object (see `lua/includes/session.lua`). Expires 1 h after the session ends. */
  session(sessionId: string): string;
  /** String: what supervisors were last told of a waiting call (position:estimate:priority); expires after 1 h. */
  sessionAnnounced(sessionId: string): string;
  /** Set of open (not yet ended) session ids. */
  sessions(): string;
  /** String channelId → sessionId, for customer and agent channels; expires 1 h after the session ends. */
  channel(channelId: string): string;
  /** Sorted set of ringing session ids scored by their ring deadline (Unix ms). */
  ringDeadlines(): string;
  /** Sorted set of the sessions waiting in a queue, scored by priority then entry time (see `lua/includes/queue_score.lua`). */
  queue(queueNumber: string): string;
  /** String: the agent id last offered a call from the queue by round-robin distribution. */
  queueRoundRobin(queueNumber: string): string;
  /** Sorted set of waiting session ids scored by their maximum-wait deadline (Unix ms), for overflow. */
  queueDeadlines(): string;
  /** Sorted set of agent ids in after-call work, scored by its end (Unix ms). */
  wrapUps(): string;
  /** Stream of emitted events (written by the event log). */
  eventLog(): string;
  /** Hash of one UTC day's session counters; `day` is `YYYY-MM-DD`. */
  statsCounters(day: string): string;
  /** Sorted set of recent call arrivals: member sessionId, score creation time (Unix ms); trimmed to 1 h. */
  statsArrivals(): string;
  /** Sorted set of recent answers: member `<sessionId>:<response ms>`, score answer time (Unix ms); trimmed to 1 h. */
  statsResponses(): string;
  /**
   * Sorted set of one queue's recent call outcomes: member `<kind>:<sessionId>` (kind `answered`,
   * `abandoned` or `handled`), score the outcome's time (Unix ms); trimmed to 1 h.
   */
  statsQueueOutcomes(queueNumber: string): string;
  /** Hash `<kind>:<sessionId>` → duration (ms) of each outcome in `statsQueueOutcomes`. */
  statsQueueDurations(queueNumber: string): string;
  /** Sorted set of queue numbers with a recent outcome: score the latest outcome's time (Unix ms); trimmed to 1 h. */
  statsQueuesRecent(): string;
  /**
   * Sorted set of the server processes holding a screen of the agent open: member the process's
   * node id, score when its lease ends (Unix ms) unless renewed.
   */
  agentScreens(agentId: string): string;
  /** Sorted set of agent ids whose screens may all be gone, scored by when to check (Unix ms). */
  presenceChecks(): string;
  /** Hash of one UTC day's per-agent figures (`agent-day.ts`); `day` is `YYYY-MM-DD`. */
  statsAgentDay(day: string): string;
  /** Stream of chart samples, one per `system_stats` push, trimmed to the last hour (`system-stats/stats-history.ts`). */
  statsHistory(): string;
  /** Hash token subject (agent id, or the role of supervisor and ops tokens) → token generation; see `auth/token-generations.ts`. */
  tokenGenerations(): string;
  /** String: set once the roster has been loaded into this Redis; its absence means Redis lost its data (see `roster/roster-guard.ts`). */
  rosterLoaded(): string;
  /** Pub/sub channel announcing token revocations (`<role>:<subject>`) to every server process; see `auth/revocation-channel.ts`. */
  tokenRevocations(): string;
  /** String: the last `system_stats` payload pushed (JSON), expiring after an hour. */
  statsLatest(): string;
}

/** Builds the key names under `prefix` (for example `acc:`, giving `acc:agent:<id>`). */
export function createKeys(prefix: string = DEFAULT_KEY_PREFIX): StateKeys {
  return {
    prefix,
    agents: () => `${prefix}agents`,
    agent: (agentId) => `${prefix}agent:${agentId}`,
    agentCalls: (agentId) => `${prefix}agent:${agentId}:calls`,
    agentLines: (agentId) => `${prefix}agent:${agentId}:lines`,
    extension: (extension) => `${prefix}extension:${extension}`,
    session: (sessionId) => `${prefix}session:${sessionId}`,
    sessionAnnounced: (sessionId) => `${prefix}session:${sessionId}:announced`,
    sessions: () => `${prefix}sessions`,
    channel: (channelId) => `${prefix}channel:${channelId}`,
    ringDeadlines: () => `${prefix}ring-deadlines`,
    queue: (queueNumber) => `${prefix}queue:${queueNumber}`,
    queueRoundRobin: (queueNumber) => `${prefix}queue:${queueNumber}:round-robin`,
    queueDeadlines: () => `${prefix}queue-deadlines`,
    wrapUps: () => `${prefix}wrap-ups`,
    eventLog: () => `${prefix}events`,
    statsCounters: (day) => `${prefix}stats:${day}`,
    statsArrivals: () => `${prefix}stats:arrivals`,
    statsResponses: () => `${prefix}stats:responses`,
    statsQueueOutcomes: (queueNumber) => `${prefix}stats:queue:${queueNumber}:outcomes`,
    statsQueueDurations: (queueNumber) => `${prefix}stats:queue:${queueNumber}:durations`,
    statsQueuesRecent: () => `${prefix}stats:queues`,
    agentScreens: (agentId) => `${prefix}agent:${agentId}:screens`,
    presenceChecks: () => `${prefix}presence-checks`,
    statsAgentDay: (day) => `${prefix}stats:${day}:agents`,
    statsHistory: () => `${prefix}stats:history`,
    tokenGenerations: () => `${prefix}token-generations`,
    rosterLoaded: () => `${prefix}roster-loaded`,
    tokenRevocations: () => `${prefix}token-revocations`,
    statsLatest: () => `${prefix}stats:latest`,
  };
}
