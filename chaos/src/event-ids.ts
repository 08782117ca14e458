/** Event ids are Redis stream ids `<ms>-<seq>`: ordered by ms, then seq. */
export function compareEventIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split("-").map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split("-").map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/**
 * The ids of `logged` a screen should have received but did not: those after the first id it
 * received and up to its last one (the span it was a subscriber for, drops and reconnects
 * included). `logged` must be in log order.
 */
export function missingIds(logged: readonly string[], received: readonly string[]): string[] {
  if (received.length === 0) return [];
  const got = new Set(received);
  const first = received.reduce((min, id) => (compareEventIds(id, min) < 0 ? id : min));
  const last = received.reduce((max, id) => (compareEventIds(id, max) > 0 ? id : max));
  return logged.filter((id) => compareEventIds(id, first) > 0 && compareEventIds(id, last) <= 0 && !got.has(id));
}
