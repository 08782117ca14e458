/** One human-readable line per server frame, for the demo's console view of the event stream. */
import type { ServerFrame } from "@acc/shared-types";

// Local time, as the demo's log lines (pino-pretty) print it, so both kinds of line agree.
const time = () => new Date().toTimeString().slice(0, 8);

/**
 * A line for an event frame or a refused command (`command refused <code>: <sentence>`, e.g. an
 * assignment another supervisor won); null for frames not worth printing (acks, pongs).
 */
export function describeFrame(frame: ServerFrame): string | null {
  if ("type" in frame) return frame.type === "error" ? `${time()} ${"command refused".padEnd(26)} ${frame.code}: ${frame.error}` : null;
  const d = frame.data as Record<string, unknown>;
  const who = d.extension ? ` agent ${String(d.extension)}` : "";
  const caller = d.customerNumber ? ` caller ${String(d.customerNumber)}` : "";
  const queue = d.queueNumber ? ` queue ${String(d.queueNumber)}` : "";
  switch (frame.event) {
    case "agent_status_updated":
      return `${time()} ${frame.event.padEnd(26)}${who} ${String(d.previousStatus)} → ${String(d.status)} (${String(d.callCount)} calls)`;
    case "system_stats":
      return `${time()} ${frame.event.padEnd(26)} sessions ${String(d.totalSessions)}, agents active ${String(d.activeAgents)}`;
    case "system_state":
      return null;
    case "queue_call_updated":
      return `${time()} ${frame.event.padEnd(26)}${queue} position ${String(d.queuePosition)}, about ${String(d.estimatedWaitTime)} s`;
    default: {
      const reason = d.reason ? ` (${String(d.reason)})` : "";
      return `${time()} ${frame.event.padEnd(26)}${queue}${who}${caller}${reason}`;
    }
  }
}
