/**
 * The supervisor dashboard in Chromium against a real server, ARI simulator and Redis, with a robot
 * agent on a real WebSocket: time in status across a ringing/on-call flip, today's per-agent
 * figures, service level and abandon rate coloured by the thresholds, and the chart history after
 * a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { signToken } from "@acc/server";
import { queueConfigSchema } from "../../../server/src/queues/queue-config.js";
import { startStack, TEST_SECRET, type Screen, type Stack } from "@acc/test-support";
import { launchBrowser, openScreenPage, screenshot, timerSeconds, type ScreenPage } from "./support.js";

describe("supervisor dashboard", () => {
  let stack: Stack;
  let browser: Browser;
  let supervisor: ScreenPage;
  let robot: Screen;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({}, { queues: [queueConfigSchema.parse({ queueNumber: "5000", name: "Sales", serviceLevelS: 20 })] }),
      launchBrowser(),
    ]);
    robot = await stack.screen("agent", "agent-1001");
    await robot.command({ type: "set_status", status: "available" });
    supervisor = await openScreenPage(browser, stack.httpUrl, "supervisor");
    await supervisor.page.getByTestId("connection").getByText("Online").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("keeps time in status when a second call rings during a call, then counts the handled call today", async () => {
    const s = supervisor.page;
    const tile = s.locator('[data-agent="agent-1001"]');
    const first = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254755000111" });
    const offer = await robot.next("call_incoming", (d) => d.channelId === first.id);
    await robot.command({ type: "answer_call", sessionId: offer.sessionId });
    await tile.locator('[data-status="on_call"]').waitFor();
    const timeInStatus = tile.locator(".time-in-state");
    await expect.poll(async () => timerSeconds(await timeInStatus.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    const second = await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254755000222" });
    const ringing = await robot.next("call_incoming", (d) => d.channelId === second.id);
    await tile.locator('[data-status="multi_call"]').waitFor();
    // The flip to multi-call (one on the line, one ringing) did not restart the clock.
    expect(timerSeconds(await timeInStatus.textContent())).toBeGreaterThanOrEqual(3);
    await screenshot(s, "dashboard-multi-call-time-kept");

    await robot.command({ type: "reject_call", sessionId: ringing.sessionId });
    await tile.locator('[data-status="on_call"]').waitFor();
    expect(timerSeconds(await timeInStatus.textContent())).toBeGreaterThanOrEqual(3);
    await stack.simulator.control.hangup(first.id);
    await tile.locator('[data-status="available"]').waitFor();
    const today = tile.getByTestId("agent-today");
    await today.getByText("Handled").waitFor();
    await expect.poll(async () => today.locator("dd").first().textContent(), { timeout: 10_000 }).toBe("1");
    expect(await today.textContent()).toMatch(/Avg handle\s*0:0[3-9]|Avg handle\s*0:[1-5]\d/);
    expect(await today.textContent()).toMatch(/Occupancy\s*\d+ %/);
    await screenshot(s, "dashboard-agent-today");
    expect(supervisor.errors).toEqual([]);
  });

  it("colours an abandon rate above the warning red and a service level on target green", async () => {
    const s = supervisor.page;
    const waiting = await stack.simulator.control.injectCall({ args: ["queue", "5000"], callerNumber: "254755000333", callerName: "Gone Soon" });
    await s.getByRole("listitem", { name: "Waiting call from Gone Soon 254755000333", exact: true }).waitFor();
    await stack.simulator.control.hangup(waiting.id);
    const abandon = s.getByTestId("abandon-rate");
    await expect.poll(() => abandon.locator("[data-level]").getAttribute("data-level"), { timeout: 10_000 }).toBe("bad");
    expect(await abandon.textContent()).toContain("100 %");
    expect(await abandon.textContent()).toContain("target ≤ 5 %");
    expect(await s.getByTestId("service-level").locator("[data-level]").getAttribute("data-level")).toBe("good");
    expect(await abandon.evaluate((card) => getComputedStyle(card).borderColor)).toBe("rgb(220, 38, 38)");
    expect(await s.locator(".queue-stats [data-level='bad']").count()).toBe(1);
    await screenshot(s, "dashboard-thresholds");
    expect(supervisor.errors).toEqual([]);
  });

  it("draws the last hour again after a reload, from the server's history", async () => {
    const s = supervisor.page;
    const token = await signToken(TEST_SECRET, { role: "supervisor" });
    const served = (await (await fetch(`${stack.httpUrl}/api/dashboard/history`, { headers: { authorization: `Bearer ${token}` } })).json()) as { samples: unknown[] };
    expect(served.samples.length).toBeGreaterThanOrEqual(3);
    await s.reload();
    await s.getByTestId("connection").getByText("Online").waitFor();
    const chart = s.locator("figure.chart").first();
    await expect.poll(async () => Number(await chart.getAttribute("data-samples")), { timeout: 10_000 }).toBeGreaterThanOrEqual(served.samples.length);
    // The figures of the last push come with the history, before the server's next push (30 s).
    await s.locator('[data-agent="agent-1001"]').getByTestId("agent-today").waitFor({ timeout: 5000 });
    await s.getByTestId("abandon-rate").waitFor({ timeout: 5000 });
    await screenshot(s, "dashboard-after-reload");
    expect(supervisor.errors).toEqual([]);
  });
});
