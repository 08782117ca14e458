/**
 * The agent screen in Chromium against a real server, ARI simulator and Redis, with a short ring
 * timeout (6 s): a reload while a call rings, a call that rings out, the marked status button, the
 * order of the cards, and the ring tone while the browser blocks audio.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startStack, type Stack } from "@acc/test-support";
import { launchBrowser, openScreenPage, screenshot, timerSeconds, type ScreenPage } from "./support.js";

describe("agent screen", () => {
  let stack: Stack;
  let browser: Browser;
  let agent: ScreenPage;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ RING_TIMEOUT_S: "6" }), launchBrowser()]);
    agent = await openScreenPage(browser, stack.httpUrl, "agent", "agent-1002");
    await agent.page.getByTestId("connection").getByText("Online").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("says the ring tone is blocked until the page gets a click, and marks the current status", async () => {
    const a = agent.page;
    const sound = a.getByTestId("sound");
    // Chromium keeps audio suspended until a user gesture (autoplay policy), so no tone could play yet.
    expect(await sound.textContent()).toBe("Sound blocked: click to allow");
    const offline = a.getByRole("button", { name: "Offline" });
    expect(await offline.getAttribute("aria-pressed")).toBe("true");
    expect(await offline.textContent()).toContain("✓");
    await screenshot(a, "agent-sound-blocked-offline-marked");

    await a.getByRole("button", { name: "Available", exact: true }).click();
    await sound.getByText("Sound on").waitFor();
    const available = a.getByRole("button", { name: /Available/ });
    await expect.poll(() => available.getAttribute("aria-pressed")).toBe("true");
    expect(await available.textContent()).toContain("✓");
    expect(await offline.getAttribute("aria-pressed")).toBe("false");
    // The current status is outlined, not faded like a disabled button.
    expect(await available.evaluate((b) => getComputedStyle(b).opacity)).toBe("1");
    expect(await available.evaluate((b) => getComputedStyle(b).outlineStyle)).toBe("solid");
    await screenshot(a, "agent-sound-on-available-marked");
    expect(agent.errors).toEqual([]);
  });

  it("restores a ringing call after a reload with caller, origin and countdown, and leaves a missed call when it rings out", async () => {
    const a = agent.page;
    await a.locator('.status-control [data-status="available"]').waitFor();
    await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254744000111", callerName: "Akinyi Njeri" });
    const ringing = a.getByRole("article", { name: "Incoming call from Akinyi Njeri 254744000111", exact: true });
    await ringing.waitFor();

    await a.reload();
    await a.getByTestId("connection").getByText("Online").waitFor();
    await ringing.waitFor();
    expect(await ringing.textContent()).toContain("Direct call");
    expect(await ringing.locator(".caller-name").textContent()).toBe("Akinyi Njeri");
    expect(await a.getByRole("button", { name: /Available/ }).getAttribute("aria-pressed")).toBe("true");
    const left = timerSeconds(await ringing.getByTestId("ring-countdown").textContent());
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(6);
    await screenshot(a, "agent-ringing-after-reload");

    const missed = a.getByRole("article", { name: "Missed call: Akinyi Njeri", exact: true });
    await missed.waitFor({ timeout: 15_000 });
    expect(await missed.getByTestId("end-reason").textContent()).toContain("rang out");
    await screenshot(a, "agent-missed-call");
    // The next call rings on top of the missed one.
    await stack.simulator.control.injectCall({ args: ["agent", "1002"], callerNumber: "254744000222", callerName: "Baraka Mwangi" });
    const next = a.getByRole("article", { name: "Incoming call from Baraka Mwangi 254744000222", exact: true });
    await next.waitFor();
    const cards = await a.locator(".calls article").evaluateAll((articles) => articles.map((x) => x.getAttribute("aria-label")));
    expect(cards).toEqual(["Incoming call from Baraka Mwangi 254744000222", "Missed call: Akinyi Njeri"]);
    await screenshot(a, "agent-ringing-above-missed");
    await a.keyboard.press("r");
    await next.waitFor({ state: "detached" });
    await missed.getByRole("button", { name: "Dismiss" }).click();
    await missed.waitFor({ state: "detached" });
    expect(agent.errors).toEqual([]);
  });
});
