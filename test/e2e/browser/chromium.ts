import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium; CHROMIUM_PATH overrides. Playwright never downloads a browser here. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

export class ChromiumMissingError extends Error {
  override name = "ChromiumMissingError";
  constructor(path: string) {
    super(`Chromium is not installed at ${path}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
}

/** The flags every run uses: no sandbox (root in CI), no GPU, nothing that calls home. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium. Playwright gives each launch a fresh temporary --user-data-dir and
 * each `browser.newContext()` its own storage, so annotators in separate contexts share nothing.
 */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  return chromium.launch({ executablePath: path, headless: true, args: chromiumArgs });
}
