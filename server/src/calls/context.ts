/**
 * What every part of the call flow works with: the ARI requests, the Redis state stores, the
 * event sink, configuration and a clock. Passed explicitly so each step is a plain function.
 */
import type { Logger } from "pino";
import type { EventPayloadMap, ServerEventName } from "@acc/shared-types";
import type { AriOperations } from "../ari/index.js";
import type { AgentBoard, AgentStore, QueueStore, SessionStore, StatsRecorder, TransferStore } from "../state/index.js";
import type { Audience } from "./audience.js";
import type { KeyedSerializer } from "./keyed-serializer.js";
import type { QueueDirectory } from "../queues/queue-config.js";

/** Publishes one event to the screens in `audience`; resolves with the event id. */
export interface EventSink {
  publish<E extends ServerEventName>(event: E, data: EventPayloadMap[E], audience: Audience): Promise<string>;
}

/** Call-flow settings taken from the server configuration. */
export interface CallSettings {
  /** The Stasis app name (ARI_APP). */
  app: string;
  /** AGENT_ENDPOINT template, e.g. `PJSIP/{extension}`. */
  agentEndpoint: string;
  /**
   * Ring timeout (s) of direct calls and transfers: how long an offered call rings on the screen,
   * and the agent leg's dial timeout. Queue calls use their queue's `ringTimeoutS`.
   */
  ringTimeoutS: number;
}

/** Everything a call-flow step needs. `now()` is Unix ms. */
export interface CallContext {
  /** The ARI requests the call flow makes (an interface: a rule can be exercised without a socket). */
  ari: AriOperations;
  agents: AgentStore;
  /** Every agent in memory, for figures over all agents (estimates, distribution); see `agent-board.ts`. */
  board: AgentBoard;
  sessions: SessionStore;
  /** Queue calls in Redis: waiting sets, priorities, maximum-wait deadlines, round-robin. */
  queueStore: QueueStore;
  transfers: TransferStore;
  events: EventSink;
  /** Rolling figures for system_stats (arrivals, response times, queue outcomes). */
  stats: StatsRecorder;
  /** Tells the stats publisher that queue or agent figures changed (it pushes at most once a second). */
  statsChanged(): void;
  /**
   * Ends `sessionId` once as its customer leaving (`customer_left_bridge`, or abandoned while
   * waiting), for a customer channel ARI reports gone although no StasisEnd said so. Runs in the
   * session's serial order; a hook so distribution can end a call without importing the ending.
   */
  customerGone(sessionId: string): Promise<void>;
  /** The queue configuration (QUEUES_FILE), with defaults for unconfigured queue numbers. */
  queues: QueueDirectory;
  settings: CallSettings;
  logger: Logger;
  now(): number;
  /** Orders work per session id within this process. */
  serial: KeyedSerializer;
}
