/**
 * One sentence per frame: what it means and who gets it. The generated JSON Schemas and the
 * AsyncAPI document carry these, and `docs/events.md` says the same at length.
 */
import type { ClientCommandType } from "../commands.js";
import type { ServerEventName } from "../frames.js";

/** Event name → when it is sent and to whom. */
export const eventSummaries: { readonly [E in ServerEventName]: string } = {
  call_incoming: "A customer call is offered to an agent and rings; to that agent and to supervisors.",
  incoming_queue_call: "A customer call waits in a queue; to supervisors.",
  call_state_changed: "A channel of a call changed state, or hold, mute or a transfer took effect; to the call's agent and to supervisors.",
  call_bridged_successfully: "Customer and agent are both in the bridge; starts the call timer. To the call's agent and to supervisors.",
  agent_rejected_call: "An offered call was not taken (rejected, ring timeout, agent leg busy, unanswered or unreachable); to the agent and to supervisors.",
  customer_left_bridge: "The customer hung up, before or after the agent answered; to the call's agent and to supervisors.",
  call_ended_normally: "The agent, a supervisor or the server ended the call; to the call's agent and to supervisors.",
  agent_status_updated: "An agent's status, call count or capacity changed; to that agent and to supervisors.",
  system_state: "The whole current state the client may see; sent once right after connecting (an agent sees only itself).",
  system_stats: "Dashboard figures, every STATS_INTERVAL_S and soon after a change; to supervisors and ops.",
  queue_call_updated: "A waiting queue call moved, or its priority or wait estimate changed; to supervisors.",
  queue_call_removed: "A call left its queue (assigned, abandoned, hung up, transferred, overflow); to supervisors.",
  call_refused: "A customer call could not be offered to its agent and was refused with busy; to supervisors.",
};

/** Control frame type → when it is sent. */
export const controlFrameSummaries = {
  connected: "The first frame on every connection: who the server takes the client for.",
  ack: "The command with this id succeeded; result holds what it changed.",
  error: "A command or frame was refused and nothing changed; id is the command's id when it could be read.",
  pong: "The answer to ping.",
  replay_truncated: "The replay after a reconnect did not bring every missed event: more follow (ask replay_events after nextAfterId) or the log was trimmed (rely on system_state).",
} as const;

/** Command type → what it asks for. */
export const commandSummaries: { readonly [T in ClientCommandType]: string } = {
  ping: "Asks for a pong, to measure the round trip.",
  set_status: "Sets the agent's own presence: available, paused (with a reason code) or offline.",
  answer_call: "Answers a ringing call offered to the agent.",
  reject_call: "Rejects a ringing call offered to the agent; the customer hears busy or waits in the queue again.",
  hangup_call: "Ends a connecting or connected call (an agent its own, a supervisor any).",
  hold_call: "Plays music on hold to the customer of the agent's connected call.",
  unhold_call: "Takes the customer off hold.",
  mute_call: "Mutes the agent leg in one or both directions (absent direction: both).",
  unmute_call: "Unmutes the agent leg in one or both directions (absent direction: both).",
  transfer_call: "Blind transfer to an agent's extension or a queue number (an agent its connected call, a supervisor a waiting queue call).",
  assign_queue_call: "Offers a waiting queue call to an agent.",
  set_queue_priority: "Changes a waiting queue call's priority (higher is served first, -100..100).",
  hangup_queue_call: "Hangs up a waiting queue call.",
  end_wrap_up: "Ends the agent's after-call work early.",
  replay_events: "Sends the logged events after afterId that the client may see, then an ack with replayed, truncated and hasMore.",
};
