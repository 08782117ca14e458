/**
 * End to end in Chromium: the supervisor dashboard and an agent screen against a real server,
 * ARI simulator and Redis. Queue 5999 is not configured, so it has manual assignment and no
 * wrap-up: the agent is available again right after a call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { startStack, type Stack } from "@acc/test-support";
import { launchBrowser, openScreenPage, screenshot, timerSeconds, type ScreenPage } from "./support.js";

/** The agent's tile on the dashboard showing `status` (the badge's raw status). */
const tileStatus = (page: Page, agentId: string, status: string) => page.locator(`[data-agent="${agentId}"] [data-status="${status}"]`);

describe("agent screen and supervisor dashboard", () => {
  let stack: Stack;
  let browser: Browser;
  let agent: ScreenPage;
  let supervisor: ScreenPage;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    [agent, supervisor] = await Promise.all([openScreenPage(browser, stack.httpUrl, "agent", "agent-1001"), openScreenPage(browser, stack.httpUrl, "supervisor")]);
    for (const { page } of [agent, supervisor]) await page.getByTestId("connection").getByText("Online").waitFor();
    // The token left the address bar once the app took it.
    expect(new URL(agent.page.url()).searchParams.has("token")).toBe(false);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("a supervisor assigns a queued call, the agent answers, the customer hangs up, the agent is available again", async () => {
    const a = agent.page;
    const s = supervisor.page;
    await tileStatus(s, "agent-1001", "offline").waitFor();
    await a.getByRole("button", { name: "Available", exact: true }).click();
    await a.locator('.status-control [data-status="available"]').waitFor();
    await tileStatus(s, "agent-1001", "available").waitFor();

    const channel = await stack.simulator.control.injectCall({ args: ["queue", "5999"], callerNumber: "254711000777", callerName: "Grace Wanjiru" });
    const waiting = s.getByRole("listitem", { name: "Waiting call from Grace Wanjiru 254711000777", exact: true });
    await waiting.waitFor();
    expect(await waiting.textContent()).toContain("Queue 5999");
    await waiting.getByRole("combobox").selectOption("agent-1001");
    await waiting.getByRole("button", { name: "Assign" }).click();
    await s.getByTestId("queue-feedback").getByText("Assigned to John Doe").waitFor();
    await waiting.waitFor({ state: "detached" });

    const ringing = a.getByRole("article", { name: "Incoming call from Grace Wanjiru 254711000777", exact: true });
    await ringing.waitFor();
    expect(await ringing.textContent()).toContain("Queue 5999");
    expect(timerSeconds(await ringing.getByTestId("ring-countdown").textContent())).toBeGreaterThan(0);
    expect(await a.getByTestId("call-announcer").textContent()).toContain("Incoming call, from queue 5999: Grace Wanjiru, 254711000777");
    await tileStatus(s, "agent-1001", "ringing").waitFor();
    await Promise.all([screenshot(a, "flow1-agent-ringing"), screenshot(s, "flow1-supervisor-ringing")]);

    await ringing.getByRole("button", { name: /Answer/ }).click();
    const connected = a.getByRole("article", { name: "Call with Grace Wanjiru", exact: true });
    const timer = connected.getByTestId("call-timer");
    await timer.waitFor();
    const first = timerSeconds(await timer.textContent());
    await expect.poll(async () => timerSeconds(await timer.textContent()), { timeout: 5000 }).toBeGreaterThan(first);
    for (const control of ["Hold", "Mute", "Hang up", "Transfer"]) await connected.getByRole("button", { name: control }).waitFor();
    expect(await a.locator(".capacity-panel .capacity-text").textContent()).toMatch(/1\s*\/\s*3/);
    await tileStatus(s, "agent-1001", "on_call").waitFor();
    expect(await s.locator('[data-agent="agent-1001"] .agent-call').textContent()).toContain("254711000777");
    await Promise.all([screenshot(a, "flow1-agent-connected"), screenshot(s, "flow1-supervisor-connected")]);

    stack.simulator.control.hangup(channel.id);
    const declined = a.getByRole("article", { name: "Customer hung up: Grace Wanjiru", exact: true });
    await declined.waitFor();
    expect(await declined.textContent()).toContain("Customer hung up");
    expect(await declined.textContent()).not.toContain("declined");
    expect(await declined.getByTestId("end-reason").textContent()).toBe("The customer hung up");
    const durations = (await declined.getByTestId("end-duration").textContent()) ?? "";
    const talk = /Talk time (\S+) · total (\S+)/.exec(durations);
    expect(talk, durations).not.toBeNull();
    expect(timerSeconds(talk![1]!)).toBeGreaterThanOrEqual(1);
    expect(timerSeconds(talk![2]!)).toBeGreaterThanOrEqual(timerSeconds(talk![1]!));
    await connected.waitFor({ state: "detached" });

    await tileStatus(s, "agent-1001", "available").waitFor();
    expect(await s.locator('[data-agent="agent-1001"] .agent-call').count()).toBe(0);
    expect(await s.locator('[data-agent="agent-1001"] .capacity-text').textContent()).toMatch(/0\s*\/\s*3/);
    await a.locator('.status-control [data-status="available"]').waitFor();
    await Promise.all([screenshot(a, "flow1-agent-declined"), screenshot(s, "flow1-supervisor-available")]);
    await declined.getByRole("button", { name: "Dismiss" }).click();
    await declined.waitFor({ state: "detached" });
    expect([...agent.errors, ...supervisor.errors]).toEqual([]);
  });

  it("an agent rejects a ringing call with the R shortcut and the card goes away", async () => {
    const a = agent.page;
    const s = supervisor.page;
    await a.locator('.status-control [data-status="available"]').waitFor();
    await stack.simulator.control.injectCall({ args: ["agent", "1001"], callerNumber: "254722000888", callerName: "Otieno Odhiambo" });
    const ringing = a.getByRole("article", { name: "Incoming call from Otieno Odhiambo 254722000888", exact: true });
    await ringing.waitFor();
    expect(await ringing.textContent()).toContain("Direct call");
    await tileStatus(s, "agent-1001", "ringing").waitFor();
    await Promise.all([screenshot(a, "flow2-agent-ringing"), screenshot(s, "flow2-supervisor-ringing")]);

    await a.keyboard.press("r");
    await ringing.waitFor({ state: "detached" });
    expect(await a.getByRole("article").count()).toBe(0);
    await tileStatus(s, "agent-1001", "available").waitFor();
    await Promise.all([screenshot(a, "flow2-agent-rejected"), screenshot(s, "flow2-supervisor-available")]);
    expect([...agent.errors, ...supervisor.errors]).toEqual([]);
  });

  it("rebuilds the dashboard after a lost connection, with what happened while it was away", async () => {
    // The page's WebSocket goes through the test, which can cut it and hold reconnects back.
    const urls: string[] = [];
    let held = false;
    const routes: WebSocketRoute[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.routeWebSocket(/\/ws\?/, (ws) => {
      urls.push(ws.url());
      if (held) return ws.close({ code: 1011, reason: "held by the test" });
      ws.connectToServer();
      routes.push(ws);
    });
    const watcher = await openScreenPage(browser, stack.httpUrl, "supervisor", undefined, undefined, context);
    const page = watcher.page;
    await page.getByTestId("connection").getByText("Online").waitFor();
    await tileStatus(page, "agent-1002", "offline").waitFor();

    held = true;
    await routes[0]!.close();
    await page.getByTestId("connection").getByText(/Offline/).waitFor();
    const agent1002 = await stack.screen("agent", "agent-1002");
    const onlooker = await stack.screen("supervisor");
    await agent1002.command({ type: "set_status", status: "available" });
    await stack.simulator.control.injectCall({ args: ["queue", "5999"], callerNumber: "254733000999", callerName: "Wanjiku Kamau" });
    await onlooker.next("incoming_queue_call", (d) => d.callerName === "Wanjiku Kamau");
    const waiting = page.getByRole("listitem", { name: "Waiting call from Wanjiku Kamau 254733000999", exact: true });
    expect(await waiting.count()).toBe(0);
    expect(await tileStatus(page, "agent-1002", "offline").count()).toBe(1);

    held = false;
    await page.getByTestId("connection").getByText("Online").waitFor({ timeout: 20_000 });
    await waiting.waitFor();
    await tileStatus(page, "agent-1002", "available").waitFor();
    // The reconnect asked for the events after the last one the page had applied.
    expect(urls.at(-1)).toMatch(/[?&]lastEventId=\d+-\d+/);
    await screenshot(page, "reconnect-supervisor");
    expect(watcher.errors).toEqual([]);
    await context.close();
  });

  it("says plainly that a token signed with another secret was refused", async () => {
    const stranger = await openScreenPage(browser, stack.httpUrl, "supervisor", undefined, "another-secret-0123456789abcdef0123456789");
    const alert = stranger.page.getByRole("alert");
    await alert.getByText("Your sign-in was refused").waitFor();
    expect(await alert.textContent()).toContain("bad signature");
    expect(await stranger.page.getByTestId("connection").textContent()).toContain("Token refused");
    await screenshot(stranger.page, "token-refused");
    expect(stranger.errors).toEqual([]);
  });
});
