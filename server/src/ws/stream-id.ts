/**
 * Event ids are Redis stream entry ids, "<milliseconds>-<sequence>" (Redis docs, "Redis Streams":
 * entry IDs). They increase with every XADD, so comparing two ids orders the events.
 */

/** The id before every event: replaying after it returns the whole log. */
export const streamStart = "0-0";

const pattern = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/**
 * Parses "<ms>-<seq>" (or "<ms>", read as "<ms>-0") into its two parts.
 * @returns undefined when `id` is not a stream id.
 */
export function parseStreamId(id: string): { ms: bigint; seq: bigint } | undefined {
  const match = pattern.exec(id);
  if (!match) return undefined;
  return { ms: BigInt(match[1]!), seq: BigInt(match[2] ?? "0") };
}

/**
 * Orders two stream ids: negative when `a` is older than `b`, 0 when equal, positive when newer.
 * @throws RangeError when either is not a stream id.
 */
export function compareStreamIds(a: string, b: string): number {
  const left = parseStreamId(a);
  const right = parseStreamId(b);
  if (!left || !right) throw new RangeError(`not a stream id: ${left ? b : a}`);
  if (left.ms !== right.ms) return left.ms < right.ms ? -1 : 1;
  if (left.seq !== right.seq) return left.seq < right.seq ? -1 : 1;
  return 0;
}
