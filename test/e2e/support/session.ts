import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { repoRoot } from "@crowdlabel/sdk/devchain";
import { startStack, type Stack, type StartStackOptions } from "../../stack/startStack.ts";
import { launchChromium } from "../browser/chromium.ts";
import { installWallet, type InjectedWallet } from "../browser/injectedWallet.ts";
import { chainClients, type ChainClients } from "./protocol.ts";

export const screenshotDir = join(repoRoot(), "test", "artifacts", "screenshots");
const failureDir = join(repoRoot(), "test", "artifacts", "failures");
export const viewports = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

export type E2eSession = { stack: Stack; browser: Browser; clients: ChainClients };

/** One fresh stack and one Chromium for the test file; both stopped in afterAll, whatever happened. */
export function useStack(options: StartStackOptions = {}): E2eSession {
  let session: E2eSession | undefined;
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(options), launchChromium()]);
    session = { stack, browser, clients: chainClients(stack) };
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  });
  const get = (): E2eSession => {
    if (!session) throw new Error("the stack did not start (see beforeAll)");
    return session;
  };
  return {
    get stack() {
      return get().stack;
    },
    get browser() {
      return get().browser;
    },
    get clients() {
      return get().clients;
    },
  };
}

export type User = { context: BrowserContext; page: Page; wallet: InjectedWallet; /** Uncaught page errors. */ errors: string[] };

/** A user in their own browser context, with an injected wallet for an anvil default account. */
export async function openUser(
  session: E2eSession,
  options: { account: number; chainId?: number; viewport?: keyof typeof viewports; path?: string },
): Promise<User> {
  const context = await session.browser.newContext({ viewport: viewports[options.viewport ?? "desktop"], acceptDownloads: true });
  const wallet = await installWallet(context, {
    rpcUrl: session.stack.rpcUrl,
    address: session.clients.address(options.account),
    chainId: options.chainId ?? session.stack.chainId,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${session.stack.webUrl}${options.path ?? "/"}`);
  return { context, page, wallet, errors };
}

/** Saves the page at desktop (1440x900) and phone (390x844) width as test/artifacts/screenshots/<name>-<width>.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const original = page.viewportSize();
  // A full-page capture of a scrolled page draws the sticky header where the viewport was: capture from the top.
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [label, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(screenshotDir, `${name}-${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
  await page.evaluate((y) => window.scrollTo(0, y), scrollY);
}

/** Waits for `locator` to be visible; on timeout the error carries the page's uncaught errors (a blank page says why). */
export async function see(user: User, locator: Locator, timeoutMs = 30_000): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch (error) {
    const errors = user.errors.length ? `\npage errors:\n  ${user.errors.join("\n  ")}` : "";
    const shot = join(failureDir, `${Date.now()}.png`);
    mkdirSync(failureDir, { recursive: true });
    await user.page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(`${(error as Error).message.split("\n")[0]} (${user.page.url()}); screenshot ${shot}${errors}`);
  }
  return locator.first();
}

/** Runs `fn` as a user in a fresh browser context, closed afterwards whatever happens. */
export async function withUser<T>(session: E2eSession, options: Parameters<typeof openUser>[1], fn: (user: User) => Promise<T>): Promise<T> {
  const user = await openUser(session, options);
  try {
    return await fn(user);
  } finally {
    await user.context.close();
  }
}
