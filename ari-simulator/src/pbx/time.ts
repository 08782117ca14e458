/**
 * Formats a time the way Asterisk writes ARI timestamps: ISO 8601 with milliseconds and a numeric
 * offset without a colon, e.g. `2026-11-21T23:46:23.724+0000` (source: the recorded Asterisk
 * 20.20.1 traffic; Asterisk formats with `%FT%T.%q%z`). The simulator always reports UTC.
 */
export function asteriskTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}
