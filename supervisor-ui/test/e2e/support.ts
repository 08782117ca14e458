/**
 * Real Chromium against a real stack: Debian's browser driven by playwright-core, pages opened
 * with a signed token in the URL as the demo's links do, screenshots saved as test artifacts.
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { signToken, type Role } from "@acc/server";
import { TEST_SECRET } from "@acc/test-support";
import { CHROMIUM_PATH } from "../support/chromium.js";

/** Where the screenshots go (ignored by git). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

const DIST_INDEX = fileURLToPath(new URL("../../dist/index.html", import.meta.url));

/** Launches headless Chromium; fails with a clear message when the app has not been built. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(DIST_INDEX)) throw new Error("supervisor-ui/dist is missing: run `npm run build` in the repository root first.");
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page of the app, and the uncaught errors it raised (a crash would show up here). */
export interface ScreenPage {
  page: Page;
  errors: string[];
}

/**
 * Opens the app at `httpUrl` with a token for `role` (signed with `secret`) in `context`, by default
 * a fresh browser context with its own sessionStorage.
 */
export async function openScreenPage(browser: Browser, httpUrl: string, role: Role, agentId?: string, secret = TEST_SECRET, context?: BrowserContext): Promise<ScreenPage> {
  const token = await signToken(secret, { role, ...(agentId ? { agentId } : {}) });
  const page = await (context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }))).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${httpUrl}/?token=${encodeURIComponent(token)}`);
  return { page, errors };
}

/** Saves a full-page screenshot as `test-artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}

/** Parses the `m:ss` or `h:mm:ss` a timer shows into seconds. */
export function timerSeconds(text: string | null): number {
  const parts = (text ?? "").trim().split(":").map(Number);
  if (parts.length < 2 || parts.some(Number.isNaN)) throw new Error(`not a timer: ${JSON.stringify(text)}`);
  return parts.reduce((total, part) => total * 60 + part, 0);
}
