/**
 * The queue configuration file (`QUEUES_FILE`): a JSON array, one entry per queue number, in the
 * style of the agent roster. A queue number the file does not list still works: it gets
 * `defaultQueueConfig` (manual distribution, every agent a member).
 */
import { z } from "zod";
import { parseJsonFile, readJsonFile } from "../config/json-file.js";

/**
 * How waiting calls reach agents. `manual`: only supervisors assign (`assign_queue_call`).
 * The others offer the head of the queue automatically to a member with a free slot:
 * `longest-idle` the member holding fewest calls, then the one whose last call ended earliest;
 * `fewest-calls` the member holding fewest calls, then the one that handled fewest (ties: longest
 * idle); see `agent-selection.ts`;
 * `round-robin` the member after the one last offered a call, in `members` order.
 * Supervisors can assign by hand under every strategy.
 */
export const QueueStrategy = z.enum(["manual", "longest-idle", "fewest-calls", "round-robin"]);
export type QueueStrategy = z.infer<typeof QueueStrategy>;

/** Where a call goes when it has waited `maxWaitS`: into another queue, or hung up. */
export const overflowSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("queue"), queueNumber: z.string().regex(/^[0-9]{1,32}$/) }),
  z.object({ action: z.literal("hangup") }),
]);
export type Overflow = z.infer<typeof overflowSchema>;

/**
 * One queue. Times in seconds. `members`: agent ids (empty: every agent of the roster);
 * `ringTimeoutS`: how long an offer from this queue rings; `wrapUpS`: after-call work after a call of
 * this queue (0: none); `serviceLevelS`: the service-level threshold; `maxWaitS`: longest wait before
 * `overflow` (0: no limit).
 */
export const queueConfigSchema = z.object({
  queueNumber: z.string().regex(/^[0-9]{1,32}$/, "queueNumber must be 1 to 32 digits"),
  name: z.string().min(1).max(120),
  members: z.array(z.string().min(1).max(64)).default([]),
  strategy: QueueStrategy.default("manual"),
  ringTimeoutS: z.number().int().min(1).max(300).default(20),
  wrapUpS: z.number().int().min(0).max(3600).default(0),
  serviceLevelS: z.number().int().min(1).max(3600).default(20),
  maxWaitS: z.number().int().min(0).max(86400).default(0),
  overflow: overflowSchema.default({ action: "hangup" }),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;

const queuesSchema = z.array(queueConfigSchema).superRefine((queues, ctx) => {
  const seen = new Set<string>();
  for (const queue of queues) {
    if (seen.has(queue.queueNumber)) ctx.addIssue({ code: "custom", message: `duplicate queueNumber ${queue.queueNumber}` });
    seen.add(queue.queueNumber);
    if (queue.overflow.action === "queue" && queue.overflow.queueNumber === queue.queueNumber) {
      ctx.addIssue({ code: "custom", message: `queue ${queue.queueNumber} overflows into itself` });
    }
  }
});

/** The configuration of a queue number the file does not list. */
export function defaultQueueConfig(queueNumber: string): QueueConfig {
  return queueConfigSchema.parse({ queueNumber, name: `Queue ${queueNumber}` });
}

/** The queues by number, with defaults for numbers not configured. */
export class QueueDirectory {
  private readonly byNumber: Map<string, QueueConfig>;

  constructor(queues: readonly QueueConfig[]) {
    this.byNumber = new Map(queues.map((q) => [q.queueNumber, q]));
  }

  /** The configuration of `queueNumber` (the defaults when it is not configured). */
  get(queueNumber: string): QueueConfig {
    return this.byNumber.get(queueNumber) ?? defaultQueueConfig(queueNumber);
  }

  /** The configured queues, in file order. */
  list(): QueueConfig[] {
    return [...this.byNumber.values()];
  }

  /** Whether `queueNumber` is listed in the file. */
  has(queueNumber: string): boolean {
    return this.byNumber.has(queueNumber);
  }

  /** Whether `agentId` serves `queue` (an empty member list means every agent). */
  static isMember(queue: QueueConfig, agentId: string): boolean {
    return queue.members.length === 0 || queue.members.includes(agentId);
  }
}

/** Parses the file's JSON text. @throws Error naming the file and the first problem. */
export function parseQueuesFile(path: string, text: string): QueueConfig[] {
  return parseJsonFile("QUEUES_FILE", path, text, queuesSchema);
}

/** Reads and validates a queue file. @throws Error naming the file and the first problem. */
export function readQueuesFile(path: string): Promise<QueueConfig[]> {
  return readJsonFile("QUEUES_FILE", path, queuesSchema);
}
