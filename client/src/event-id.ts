/** Event ids are Redis stream ids, `<ms>-<seq>`; they increase over time but do not sort as strings. */

function parts(id: string): [number, number] {
  const [ms, seq] = id.split("-");
  return [Number(ms ?? 0), Number(seq ?? 0)];
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

/** The newer of two ids; `null` counts as older than any id. */
export function newerEventId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareEventIds(a, b) >= 0 ? a : b;
}
