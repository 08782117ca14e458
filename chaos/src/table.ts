import type { ChaosReport } from "./run.js";

const faultTitles: Record<string, string> = {
  "kill-server": "kill -9 the server, start it again",
  "cut-ari-socket": "cut the ARI WebSocket",
  "restart-asterisk": "restart Asterisk (simulator)",
  "stop-redis": "stop Redis, start it again",
  "duplicate-reorder-events": "duplicate and reorder ARI events",
  "race-assignments": "concurrent assign_queue_call",
  "malformed-frames": "malformed WebSocket frames",
  "stall-consumer": "stalled consumer",
};

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** The run's table: faults injected, then the counts that must be 0, then why a count is not. */
export function formatReport(report: ChaosReport): string {
  const rows: string[] = [];
  rows.push(`${pad("fault", 36)} ${pad("injected", 9)} note`);
  for (const line of report.faults) {
    rows.push(`${pad(faultTitles[line.fault] ?? line.fault, 36)} ${pad(String(line.injected), 9)} ${line.error ? `FAILED TO RUN: ${line.error}` : line.note}`);
  }
  rows.push("");
  rows.push(`${pad("check", 44)} ${pad("value", 6)} must be`);
  const checks: [string, number][] = [
    ["leaked capacity", report.leakedCapacity],
    ["agents above maxCalls", report.agentsAboveMaxCalls],
    ["events lost for a reconnecting client", report.eventsLost],
    ["events lost for a connected client", report.eventsLostConnected],
    ["crashes", report.crashes],
  ];
  for (const [name, value] of checks) rows.push(`${pad(name, 44)} ${pad(String(value), 6)} 0${value === 0 ? "" : "   FAILED"}`);
  const traffic = Object.entries(report.traffic).map(([name, value]) => `${name} ${value}`).join(", ");
  rows.push("", `traffic: ${traffic}`);
  if (report.details.length > 0) rows.push("", ...report.details);
  return rows.join("\n");
}

/** True when every count is 0 and every fault ran. */
export function passed(report: ChaosReport): boolean {
  return report.leakedCapacity === 0 && report.agentsAboveMaxCalls === 0 && report.eventsLost === 0 && report.eventsLostConnected === 0 && report.crashes === 0 && report.faults.every((line) => !line.error);
}
