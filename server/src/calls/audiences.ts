/** Who receives what (`shared/spec/events.md`, "Who receives what"). */
import type { Audience } from "../ws/index.js";

/** An agent's own call and status events: that agent's screens and every supervisor. */
export const agentAndSupervisors = (agentId: string): Audience => ({ agentIds: [agentId], supervisors: true });

/** Queue and routing events: supervisors only. */
export const supervisorsOnly: Audience = { supervisors: true };
