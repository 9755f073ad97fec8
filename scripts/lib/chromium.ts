// Real Chromium for the browser tests and the widget bench: Debian's `chromium`, driven by
// playwright-core through executablePath (no browser download). Installed with apt when missing and
// this process may (root, as in CI); otherwise the error says what to install.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error("Chromium is not installed: `apt-get install -y chromium` (or set CHROMIUM_PATH)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  const installed = CANDIDATES.find((p) => existsSync(p));
  if (install.status !== 0 || !installed) throw new Error("apt-get install chromium failed");
  return installed;
}

/** Headless Chromium; no sandbox, since CI runs as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
}
