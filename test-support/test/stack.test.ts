/** The screens of the test stack wait for frames still to come, not for ones already seen. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Screen, type Stack } from "../src/index.js";

describe("Screen.next", () => {
  let stack: Stack;
  let agent: Screen;

  beforeAll(async () => {
    stack = await startStack();
    agent = await stack.screen("agent", "agent-1001");
  });
  afterAll(() => stack.close());

  const available = (d: { status: string }) => d.status === "available";

  it("returns a later frame on each call, never one it returned before", async () => {
    await agent.command({ type: "set_status", status: "available" });
    const first = await agent.next("agent_status_updated", available);
    expect(first.previousStatus).toBe("offline");
    await agent.command({ type: "set_status", status: "paused" });
    await agent.command({ type: "set_status", status: "available" });
    const second = await agent.next("agent_status_updated", available);
    expect(second.previousStatus).toBe("paused");
  });

  it("with a mark, considers only frames received after it", async () => {
    await agent.command({ type: "set_status", status: "paused" });
    const mark = agent.mark();
    await agent.command({ type: "set_status", status: "offline" });
    const after = await agent.next("agent_status_updated", () => true, { after: mark });
    expect(after.status).toBe("offline");
    expect(agent.events("agent_status_updated").filter(available)).toHaveLength(2);
  });
});
