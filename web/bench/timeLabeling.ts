import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Address } from "viem";
import { installWallet } from "../../test/e2e/browser/injectedWallet.ts";
import { IMAGE_DISPLAYED_MARK } from "../src/features/labeling/imageDisplayedMark.ts";

export type TimeLabelingOptions = {
  browser: Browser;
  webUrl: string;
  /** The wallet's RPC (anvil) and the annotator who holds batch 0 of the task. */
  rpcUrl: string;
  chainId: number;
  annotator: Address;
  taskId: bigint;
  /** One class hotkey per label pressed; the batch holds one more image than this. */
  hotkeys: string[];
  /** Images the workspace fetches ahead (its setting); undefined keeps the app's default. */
  prefetch?: number;
  /** Round-trip latency Chromium adds to every request (DevTools network emulation), 0 for none. */
  latencyMs: number;
};

/** What labelingInstrument.page.js keeps in the page. */
type BenchWindow = { __labelingBench: { keys: number[]; latencyAfterKey(index: number): Promise<number> } };

const instrumentScript = readFileSync(new URL("./labelingInstrument.page.js", import.meta.url), "utf8");

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function connectWallet(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).first().click({ timeout: 60_000 });
  await page.getByText("Browser Wallet").first().click({ timeout: 30_000 });
}

/**
 * One annotator labels batch 0 of `taskId` in a fresh browser context with the keyboard only, pressing
 * the next key as soon as an image is displayed (the fastest labeler: prefetching has the least time
 * to get ahead). Returns, for each key, the milliseconds from the keydown event to the next image's
 * IMAGE_DISPLAYED_MARK, both on the page's clock.
 */
export async function timeLabeling(options: TimeLabelingOptions): Promise<number[]> {
  const context = await options.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await installWallet(context, { rpcUrl: options.rpcUrl, address: options.annotator, chainId: options.chainId });
    const settings = options.prefetch === undefined ? null : JSON.stringify({ state: { prefetch: options.prefetch }, version: 1 });
    await context.addInitScript({ content: `window.__labelingBenchConfig = ${JSON.stringify({ mark: IMAGE_DISPLAYED_MARK, settings })};\n${instrumentScript}` });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    if (options.latencyMs > 0) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: options.latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
    }
    await page.goto(`${options.webUrl}/tasks/${options.taskId}/label/0`);
    await connectWallet(page);
    const total = options.hotkeys.length + 1;
    try {
      await page.getByTestId("item-position").getByText(`1 / ${total}`).waitFor({ timeout: 60_000 });
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, IMAGE_DISPLAYED_MARK, { timeout: 60_000 });
    } catch (error) {
      throw new Error(`the workspace showed no first image: ${(error as Error).message.split("\n")[0]}${errors.length ? `\npage errors:\n  ${errors.join("\n  ")}` : ""}`);
    }
    const latencies: number[] = [];
    for (const [i, key] of options.hotkeys.entries()) {
      await page.keyboard.press(key);
      const shown = page.evaluate((index) => (window as unknown as BenchWindow).__labelingBench.latencyAfterKey(index), i);
      latencies.push(await withTimeout(shown, 30_000, `no image displayed within 30 s of key ${i + 1} (${key})`));
    }
    const position = await page.getByTestId("item-position").textContent();
    const labeled = await page.getByTestId("labeled-count").textContent();
    if (position?.trim() !== `${total} / ${total}` || labeled?.trim() !== String(options.hotkeys.length))
      throw new Error(`after ${options.hotkeys.length} keys the workspace shows image ${position} and ${labeled} labels`);
    if (errors.length) throw new Error(`page errors while labeling:\n  ${errors.join("\n  ")}`);
    return latencies;
  } finally {
    await context.close();
  }
}
