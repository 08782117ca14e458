/**
 * Vitest global setup: makes sure Debian's `chromium` is installed for the end-to-end tests. Where
 * it is missing it installs the package when running as root, and otherwise fails with a message
 * that says how to install it. No browser is ever downloaded from elsewhere.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** Where Debian's package puts the browser the tests drive. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

function installChromium(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing and this process is not root. Install Debian's browser with ` +
        "`sudo apt-get install -y chromium`, then run the tests again.",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // A fresh machine may have no package lists yet, so update first.
  if (spawnSync("apt-get", ["update"], { stdio: "inherit", env }).status !== 0) throw new Error("apt-get update failed; see the output above.");
  if (spawnSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env }).status !== 0) {
    throw new Error("apt-get install chromium failed; see the output above.");
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
}

export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) installChromium();
}
