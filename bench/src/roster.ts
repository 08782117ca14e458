/** The benchmark's agents: ids and extensions derived from an index, so every process agrees. */
import type { RosterEntry } from "@acc/server";

/** Agent id of the `index`-th agent (0-based): `bench-1`, `bench-2`, ... */
export const agentIdOf = (index: number): string => `bench-${index + 1}`;

/** Extension of the `index`-th agent: 6 digits from 100000 on (the roster allows 2 to 10). */
export const extensionOf = (index: number): string => String(100_000 + index);

/** A roster of `count` agents with `maxCalls` lines each. */
export function benchRoster(count: number, maxCalls: number): RosterEntry[] {
  return Array.from({ length: count }, (_, i) => ({ agentId: agentIdOf(i), extension: extensionOf(i), agentName: `Bench Agent ${i + 1}`, maxCalls }));
}

/** The shared signing secret of the benchmark's server and clients (at least 32 bytes). */
export const benchSecret = "benchmark-secret-0123456789abcdef0123456789";
