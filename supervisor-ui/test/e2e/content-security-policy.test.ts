/**
 * End to end in Chromium: the server's Content-Security-Policy (server/src/http/security-headers.ts)
 * is in force on the served app, the app works under it (scripts, styles, its WebSocket), it
 * breaks no rule of it, and it refuses to be framed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startStack, type Stack } from "@acc/test-support";
import { launchBrowser, openScreenPage } from "./support.js";

describe("Content-Security-Policy in the browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("serves the dashboard under the policy with no violation, and the app connects over its WebSocket", async () => {
    const context = await browser.newContext();
    const violations: string[] = [];
    const page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    const response = await page.goto(`${stack.httpUrl}/`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await context.close();

    const supervisor = await openScreenPage(browser, stack.httpUrl, "supervisor");
    supervisor.page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await supervisor.page.getByTestId("connection").getByText("Online").waitFor();
    await supervisor.page.locator('[data-agent="agent-1001"]').first().waitFor();
    expect(violations).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  });

  it("is not shown inside a frame of another page", async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) blocked.push(message.text());
    });
    // A page of another origin (about:blank) that frames the app.
    await page.setContent(`<iframe id="app" src="${stack.httpUrl}/"></iframe>`);
    await expect.poll(() => blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
