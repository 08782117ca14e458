/**
 * The agent status rule in TypeScript. The Lua include `lua/includes/derive_status.lua` is the copy
 * the scripts run; this mirror documents the rule and lets tests check what Redis stored.
 */
import type { AgentStatus, HeldCallState, Presence } from "./types.js";

/**
 * Derives an agent's status from the states of the calls it holds, its presence and whether it is
 * in after-call work. With n calls held and c of them connected: n = 0 → `wrap_up` when available
 * and wrapping up, else the presence itself; n ≥ 1, c = 0 → `ringing`; n = 1, c = 1 → `on_call`;
 * n ≥ 2, c ≥ 1 → `multi_call`.
 */
export function deriveStatus(calls: readonly HeldCallState[], presence: Presence, wrappingUp = false): AgentStatus {
  const held = calls.length;
  const connected = calls.filter((state) => state === "connected").length;
  if (held === 0) return presence === "available" && wrappingUp ? "wrap_up" : presence;
  if (connected === 0) return "ringing";
  return held === 1 ? "on_call" : "multi_call";
}

/**
 * Whether an agent may be offered another call: fewer than `maxCalls` held, presence `available`,
 * and not in after-call work.
 */
export function canTakeCall(callCount: number, maxCalls: number, presence: Presence, wrappingUp = false): boolean {
  return callCount < maxCalls && presence === "available" && !wrappingUp;
}
