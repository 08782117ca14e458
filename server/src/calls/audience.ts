/**
 * Who may see an event (`docs/events.md`, "Who receives what"). The call flow decides it;
 * the transport records it with each event in the log, so a replay applies the same rule as the
 * live delivery.
 */
import type { Identity } from "../auth/token.js";

/**
 * The screens an event is for: the listed agents (every screen each has open), all supervisors,
 * all ops. An empty audience reaches nobody.
 */
export interface Audience {
  agentIds?: readonly string[];
  supervisors?: boolean;
  ops?: boolean;
}

/** Whether `identity` is in `audience`: an agent by its agent id, supervisors and ops by role. */
export function audienceIncludes(audience: Audience, identity: Identity): boolean {
  switch (identity.role) {
    case "agent":
      return identity.agentId !== undefined && (audience.agentIds?.includes(identity.agentId) ?? false);
    case "supervisor":
      return audience.supervisors === true;
    case "ops":
      return audience.ops === true;
  }
}

/** An agent's own call and status events: that agent's screens and every supervisor. */
export const agentAndSupervisors = (agentId: string): Audience => ({ agentIds: [agentId], supervisors: true });

/** Queue and routing events: supervisors only. */
export const supervisorsOnly: Audience = { supervisors: true };
