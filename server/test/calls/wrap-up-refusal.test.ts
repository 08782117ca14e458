/**
 * A direct call to an agent in after-call work is refused like one to a paused agent: the
 * customer is hung up (busy), supervisors get `call_refused` with `agent_in_wrap_up`, and no
 * session is left open. Real ari-client against the simulator, real Redis, real screens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueConfigSchema } from "../../src/queues/queue-config.js";
import { startStack, waitFor, type Screen, type Stack } from "@acc/test-support";

describe("direct call to an agent in wrap-up", () => {
  let stack: Stack;
  let agent: Screen;
  let supervisor: Screen;

  beforeAll(async () => {
    const queue = queueConfigSchema.parse({ queueNumber: "7700", name: "Wrap-up", strategy: "longest-idle", members: ["agent-1001"], wrapUpS: 60 });
    stack = await startStack({}, { queues: [queue] });
    agent = await stack.screen("agent", "agent-1001");
    supervisor = await stack.screen("supervisor");
  });
  afterAll(() => stack.close());

  it("hangs up the customer and gives supervisors call_refused agent_in_wrap_up", async () => {
    await agent.command({ type: "set_status", status: "available" });
    const queued = await stack.simulator.control.injectCall({ args: ["queue", "7700"], callerNumber: "254700000071" });
    const offer = await agent.next("call_incoming", (d) => d.channelId === queued.id);
    await agent.command({ type: "answer_call", sessionId: offer.sessionId });
    await agent.next("call_bridged_successfully", (d) => d.sessionId === offer.sessionId);
    stack.simulator.control.hangup(queued.id);
    await agent.next("agent_status_updated", (d) => d.status === "wrap_up");

    const direct = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254700000072" });
    const refused = await supervisor.next("call_refused", (d) => d.channelId === direct.id);
    expect(refused).toMatchObject({ reason: "agent_in_wrap_up", agentId: "agent-1001", extension: "1001" });
    await waitFor(() => !stack.simulator.control.listChannels().some((c) => c.id === direct.id), "the refused customer hung up");
    await waitFor(async () => (await stack.app.calls.sessions.listOpenSessions()).length === 0, "no open session");
    expect(agent.events("call_incoming").some((d) => d.channelId === direct.id)).toBe(false);
  });
});
