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
  // from the top: a full-page capture of a scrolled page draws the sticky header (and toasts) mid-page
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) errors.push(`${name}: the page is ${overflow}px wider than the viewport`);
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

/** A fixed toast stack (pending, confirmed, failed) in the persisted activity log, to check where toasts sit. */
async function showToasts(page) {
  // written before the app starts (once per tab), so the running app cannot persist over it
  await page.addInitScript(() => {
    if (sessionStorage.getItem("shot-toasts")) return;
    sessionStorage.setItem("shot-toasts", "1");
    const key = "crowdlabel.transactions";
    const stored = JSON.parse(localStorage.getItem(key) ?? '{"state":{"txs":[]},"version":1}');
    const now = Date.now() + 60_000; // confirmed "in the future": stays for the shot
    const tx = (id, title, status, extra = {}) => ({ id, title, status, chainId: 31337, account: "0x0", createdAt: now, updatedAt: now, dismissed: false, ...extra });
    stored.state.txs = [
      tx("shot-failed", "Commit 1 batch", "failed", { error: { kind: "contract", title: "Your claim on this batch expired before you committed.", errorName: "SlotExpired", fix: "Claim new batches; the bond of the expired claim is forfeited." } }),
      tx("shot-confirmed", "Assign my batches", "confirmed", { hash: `0x${"5f".repeat(32)}` }),
      tx("shot-pending", "Claim 1 batch", "pending"),
      ...stored.state.txs.map((t) => ({ ...t, dismissed: true })),
    ];
    localStorage.setItem(key, JSON.stringify(stored));
  });
  await page.reload();
  await page.getByTestId("current-image").waitFor({ timeout: 20_000 });
  await page.getByTestId("tx-toast-failed").waitFor({ timeout: 5_000 });
}

/** PNGs of the first demo items, fetched (and so served) by the local IPFS gateway. */
async function demoImages(count) {
  const { readFileSync } = await import("node:fs");
  const truth = JSON.parse(readFileSync(new URL("../../.crowdlabel/demo/ground-truth.json", import.meta.url), "utf8"));
  const config = JSON.parse(readFileSync(new URL("../../.crowdlabel/web-config.json", import.meta.url), "utf8"));
  const items = truth.tasks[0].items.slice(100, 100 + count);
  return Promise.all(
    items.map(async (item) => ({
      name: `digit-${item.row}.png`,
      mimeType: "image/png",
      buffer: Buffer.from(await (await fetch(`${config.ipfsGatewayUrl}/ipfs/${item.cid}`)).arrayBuffer()),
    })),
  );
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
  page.on("response", (r) => r.status() >= 400 && errors.push(`${label} HTTP ${r.status()}: ${r.url()}`));
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
  await showToasts(page);
  await shoot(page, `${label}-labeling-toasts`);
  const dismiss = page.getByTestId("tx-toasts").getByRole("button", { name: "Dismiss" }).first();
  while (await dismiss.isVisible()) await dismiss.click();
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
  await page.getByTestId("tab-quality").click();
  await page.waitForTimeout(2000);
  await shoot(page, `${label}-dashboard-quality`);
  await page.getByTestId("tab-batches").click();
  await shoot(page, `${label}-dashboard-batches`);
  await page.getByTestId("tab-settle").click();
  await shoot(page, `${label}-dashboard-settle`);

  if (label === "desktop") {
    // The create-task wizard end to end, with real images from the demo task.
    const files = await demoImages(6);
    await page.goto(`${base}/owner/new`);
    await page.getByTestId("file-input").setInputFiles(files);
    await page.getByTestId("upload-button").click();
    await page.getByTestId("uploaded-thumbs").waitFor();
    await page.waitForTimeout(800);
    await shoot(page, `${label}-wizard-images`);
    await page.getByTestId("wizard-next").click();
    await page.getByTestId("class-name-0").fill("even");
    await page.getByTestId("class-name-1").fill("odd");
    await shoot(page, `${label}-wizard-classes`);
    await page.getByTestId("wizard-next").click();
    await shoot(page, `${label}-wizard-instructions`);
    await page.getByTestId("wizard-next").click();
    await page.getByTestId("setting-title").fill("Even or odd digits");
    await page.getByTestId("setting-batchSize").fill("3");
    await shoot(page, `${label}-wizard-settings`);
    await page.getByTestId("wizard-next").click();
    await page.waitForTimeout(1000);
    await shoot(page, `${label}-wizard-review`);
    await page.getByTestId("create-task").click();
    await page.getByTestId("tx-confirm").waitFor();
    await shoot(page, `${label}-tx-explained`);
    await confirmTx(page);
    await page.waitForURL(/\/owner\/tasks\/\d+/, { timeout: 30_000 });
    await page.waitForTimeout(2000);
    await shoot(page, `${label}-created-dashboard`);
  } else {
    await page.goto(`${base}/owner/new`);
    await page.waitForTimeout(1000);
    await shoot(page, `${label}-wizard`);
  }
  await context.close();
}
await browser.close();
if (errors.length) {
  console.log("page errors:");
  for (const e of [...new Set(errors)]) console.log(`  ${e}`);
}
