/** Shared helpers of the state tests. */
import type { StateStore, TransitionResult } from "../../src/state/index.js";

/** A fixed clock origin (Unix ms) so stored timestamps are deterministic. */
export const T0 = Date.UTC(2024, 0, 15, 10, 30, 0);

/** Ring timeout used when a test does not care about it (ms). */
export const RING_MS = 30_000;

/** Returns the success value of a transition, or fails the test with the refusal. */
export function ok<T>(result: TransitionResult<T>): { ok: true } & T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

/** Creates an agent and sets it available. */
export async function availableAgent(store: StateStore, agentId: string, extension: string, maxCalls: number): Promise<void> {
  ok(await store.agents.upsertAgent({ agentId, extension, agentName: `Agent ${agentId}`, maxCalls }, T0));
  ok(await store.agents.setPresence(agentId, "available", undefined, T0));
}

/** Opens a direct-call session for a customer channel and returns its id. */
export async function openSession(store: StateStore, customerChannelId: string, now = T0): Promise<string> {
  const { session } = ok(
    await store.sessions.createSession(
      { kind: "direct", customerChannelId, customerNumber: "254712345678", callerName: "Customer", extension: "1001" },
      now,
    ),
  );
  return session.sessionId;
}
