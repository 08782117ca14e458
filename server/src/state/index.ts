/**
 * The Redis state of the contact center: agents, sessions, capacity and ring deadlines, changed
 * only through one Lua script per atomic transition.
 */
import type { Redis } from "ioredis";
import { AgentStore } from "./agent-store.js";
import { createKeys, DEFAULT_KEY_PREFIX, type StateKeys } from "./keys.js";
import { PresenceStore } from "./presence-store.js";
import { defineStateScripts } from "./scripts.js";
import { QueueStore } from "./queue-store.js";
import { SessionKeyCache } from "./session-keys.js";
import { SessionStore } from "./session-store.js";
import { TransferStore } from "./transfer-store.js";

export { AgentStore, type AgentRoster } from "./agent-store.js";
export { AgentBoard, type AgentBoardOptions, type AgentLister } from "./agent-board.js";
export { createKeys, DEFAULT_KEY_PREFIX, type StateKeys } from "./keys.js";
export { PresenceStore } from "./presence-store.js";
export { StatsRecorder } from "./stats-recorder.js";
export { readAgentDay, utcDayOf, type AgentDayTotals } from "./agent-day.js";
export { readQueueOutcomes, recentQueueNumbers, type QueueOutcomes } from "./queue-outcomes.js";
export { SessionStore, type CallFlags, type NewSession } from "./session-store.js";
export { QueueStore, MIN_PRIORITY, MAX_PRIORITY } from "./queue-store.js";
export { TransferStore } from "./transfer-store.js";
export { MAX_RING_TIMEOUT_CLAIM } from "./session-keys.js";
export { canTakeCall, deriveStatus } from "./status.js";
export type * from "./types.js";

/** The stores over one Redis client and key prefix. */
export interface StateStore {
  agents: AgentStore;
  sessions: SessionStore;
  /** Queue calls: waiting sets, priorities, maximum-wait deadlines, round-robin. */
  queueStore: QueueStore;
  /** Blind transfers to an agent. */
  transfers: TransferStore;
  /** Screen leases and presence checks (an agent whose screens are gone goes offline). */
  presence: PresenceStore;
  keys: StateKeys;
}

/**
 * Defines the state scripts on `redis` and returns the stores using keys under `prefix`
 * (default `acc:`). Throws when the Lua files cannot be found.
 */
export function createStateStore(redis: Redis, prefix: string = DEFAULT_KEY_PREFIX): StateStore {
  const keys = createKeys(prefix);
  const scripts = defineStateScripts(redis);
  const cache = new SessionKeyCache(redis, keys);
  return {
    agents: new AgentStore(redis, keys, scripts),
    sessions: new SessionStore(redis, keys, scripts, cache),
    queueStore: new QueueStore(redis, keys, scripts, cache),
    transfers: new TransferStore(keys, scripts, cache),
    presence: new PresenceStore(redis, keys, scripts),
    keys,
  };
}
