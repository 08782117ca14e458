/** The targets of the issue, the verdict on each figure, and the printed table. */

/** One line of the table. */
export interface Row {
  figure: string;
  value: string;
  target: string;
  /** "met", "missed by …", or "—" for figures without a target. */
  verdict: string;
}

/** The targets on the reference 2-core machine. */
export const targets = {
  /** Event latency p99 at 100 call set-ups per second, ms (at most). */
  latencyP99Ms: 10,
  /** Call lifecycles per second through the Redis state machine (at least). */
  lifecyclesPerSecond: 5_000,
  /** Fan-out ratio against Socket.IO (at least). */
  fanoutRatio: 3,
  /** Bytes of RSS per idle connected client (at most). */
  bytesPerIdleClient: 6 * 1024,
  /** Other screens' p99 during a stall may exceed their p99 before it by at most this factor... */
  slowConsumerP99Factor: 1.5,
  /** ...or by this many ms, whichever is larger (sub-millisecond p99s are noise-bound). */
  slowConsumerP99SlackMs: 2,
} as const;

/** "met" or "missed by <amount> (<percent>)" for a value that must be at most `limit`. */
export function atMost(value: number, limit: number, unit: string): string {
  return value <= limit ? "met" : `missed by ${fmt(value - limit)} ${unit} (${Math.round(((value - limit) / limit) * 100)}% over)`;
}

/** "met" or "missed by <amount> (<percent>)" for a value that must be at least `floor`. */
export function atLeast(value: number, floor: number, unit: string): string {
  return value >= floor ? "met" : `missed by ${fmt(floor - value)} ${unit} (${Math.round(((floor - value) / floor) * 100)}% short)`;
}

/** A number with at most 2 decimals and thousands separators. */
export function fmt(value: number, digits = 2): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** The table as fixed-width text. */
export function renderTable(rows: Row[]): string {
  const headers: Row = { figure: "figure", value: "value", target: "target", verdict: "verdict" };
  const all = [headers, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => row[key].length));
  const line = (row: Row) => `| ${row.figure.padEnd(width("figure"))} | ${row.value.padEnd(width("value"))} | ${row.target.padEnd(width("target"))} | ${row.verdict.padEnd(width("verdict"))} |`;
  const rule = `|${"-".repeat(width("figure") + 2)}|${"-".repeat(width("value") + 2)}|${"-".repeat(width("target") + 2)}|${"-".repeat(width("verdict") + 2)}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}
