/** An agent's status (docs/events.md, `agent_status_updated`). */
import { z } from "zod";

/**
 * `"available" | "ringing" | "on_call" | "multi_call" | "offline" | "paused" | "wrap_up"`:
 * zod enum and its type under one name. `multi_call` means more than one connected call;
 * `wrap_up` is the after-call time before the agent takes the next call.
 */
export const AgentStatus = z.enum(["available", "ringing", "on_call", "multi_call", "offline", "paused", "wrap_up"]);
export type AgentStatus = z.infer<typeof AgentStatus>;
