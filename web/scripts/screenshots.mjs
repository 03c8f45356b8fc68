#!/usr/bin/env node
// Screenshots of the main screens at desktop and phone width, driving Debian's Chromium with
// playwright-core against a running stack (`pnpm dev`). Also walks the annotator flow on the
// quick-start task (claim -> label -> commit -> reveal) with the local test wallet. Playwright gives
// every launch a fresh, temporary user-data-dir.
// Usage: node web/scripts/screenshots.mjs [baseUrl] [outDir]
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = (process.argv[2] ?? "http://127.0.0.1:5173").replace(/\/$/, "");
const out = process.argv[3] ?? join(process.cwd(), "screenshots");
const only = process.env.ONLY?.split(",");
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function shoot(page, name) {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`  ${name}.png`);
}

async function connectLocal(page, accountIndex = 1) {
  await page.evaluate((i) => localStorage.setItem("crowdlabel.local-wallet", JSON.stringify({ state: { accountIndex: i, connected: false }, version: 1 })), accountIndex);
  await page.reload();
  await page.getByRole("button", { name: "Connect wallet" }).first().click();
  await page.getByText("Local test wallet").first().click();
  await page.getByTestId("local-wallet-menu").or(page.getByText(/0x7099|0x3C44|0x90F7|0xf39F/)).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
}

async function confirmTx(page) {
  await page.getByTestId("tx-confirm-button").click({ timeout: 15_000 });
}

const errors = [];
for (const [label, viewport] of [
  ["desktop", { width: 1366, height: 900 }],
  ["phone", { width: 390, height: 844 }],
]) {
  if (only && !only.includes(label)) continue;
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: label === "phone" ? "dark" : "light" });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${label}: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`${label} console: ${m.text()}`));
  await page.goto(`${base}/`);
  await page.getByTestId("task-list").waitFor({ timeout: 20_000 });
  await shoot(page, `${label}-marketplace`);
  await connectLocal(page, label === "desktop" ? 1 : 2);
  await shoot(page, `${label}-marketplace-connected`);
  await page.goto(`${base}/tasks/1`);
  await page.getByTestId("work-panel").waitFor();
  await shoot(page, `${label}-task`);

  // The annotator loop on the quick-start task (R = 1: reveal opens as soon as we commit).
  await page.goto(`${base}/tasks/2`);
  await page.getByTestId("claim-button").click();
  await confirmTx(page); // requestClaim
  await confirmTx(page); // assign
  await page.getByTestId("start-labeling").click({ timeout: 20_000 });
  await page.getByTestId("current-image").waitFor({ timeout: 20_000 });
  await page.keyboard.press("7");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("3");
  await shoot(page, `${label}-labeling`);
  await page.keyboard.press("?");
  await shoot(page, `${label}-shortcuts`);
  await page.keyboard.press("Escape");
  for (const key of ["1", "2", "4", "5"]) await page.keyboard.press(key);
  await page.getByTestId("commit-batch").click();
  await confirmTx(page); // salt signature
  await confirmTx(page); // commit
  await page.getByTestId("reveal-all").click({ timeout: 20_000 });
  await confirmTx(page);
  await page.waitForTimeout(1500);
  await shoot(page, `${label}-task-after-reveal`);

  await page.goto(`${base}/profile`);
  await page.waitForTimeout(1500);
  await shoot(page, `${label}-profile`);
  await page.goto(`${base}/leaderboard`);
  await page.waitForTimeout(1500);
  await shoot(page, `${label}-leaderboard`);
  await connectLocal(page, 0);
  await page.goto(`${base}/owner`);
  await page.waitForTimeout(1500);
  await shoot(page, `${label}-owner`);
  await page.goto(`${base}/owner/tasks/1`);
  await page.waitForTimeout(2500);
  await shoot(page, `${label}-dashboard`);
  await page.goto(`${base}/owner/new`);
  await page.waitForTimeout(1000);
  await shoot(page, `${label}-wizard`);
  await context.close();
}
await browser.close();
if (errors.length) {
  console.log("page errors:");
  for (const e of [...new Set(errors)]) console.log(`  ${e}`);
}
