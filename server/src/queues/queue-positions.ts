/** Where each waiting call stands in its queue. */
import type { SessionRecord } from "../state/index.js";

/**
 * The calls waiting in queues, each with its 1-based position within its own queue: higher
 * priority first, then earlier entry into the queue (the order of the queue's sorted set in Redis).
 * The one rule for positions, used by events and snapshots alike.
 */
export function queuePositions(open: readonly SessionRecord[]): { session: SessionRecord; position: number }[] {
  const seen = new Map<string, number>();
  return open
    .filter((s) => s.state === "queued")
    .sort((a, b) => b.priority - a.priority || (a.queueEnteredAt ?? a.createdAt) - (b.queueEnteredAt ?? b.createdAt) || a.sessionId.localeCompare(b.sessionId))
    .map((session) => {
      const position = (seen.get(session.queueNumber ?? "") ?? 0) + 1;
      seen.set(session.queueNumber ?? "", position);
      return { session, position };
    });
}
