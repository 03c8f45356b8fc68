import { startStack } from "../stack/startStack.ts";
import { launchChromium } from "./browser/chromium.ts";
import { installWallet } from "./browser/injectedWallet.ts";
const s = await startStack({ log: console.log, indexer: false, web: { distDir: "/tmp/webdist" } });
const browser = await launchChromium();
try {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const w = await installWallet(ctx, { rpcUrl: s.rpcUrl, address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", chainId: 31337 });
  const page = await ctx.newPage();
  page.on("console", (m) => m.type() === "error" && console.log("console", m.type(), m.text().slice(0, 300)));
  page.on("pageerror", (e) => console.log("pageerror", e.message));
  await page.goto(s.webUrl!);
  await page.waitForTimeout(4000);
  await page.screenshot({ path: "/tmp/home.png" });
  await page.getByRole("button", { name: /connect wallet/i }).first().click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "/tmp/connect.png" });
  await page.getByText("Browser Wallet").click();
  await page.waitForTimeout(2000);
  await page.screenshot({ path: "/tmp/connected.png" });
  console.log(w.calls.join(","));
  await page.goto(s.webUrl + "/owner/new");
  await page.waitForTimeout(3000);
  await page.screenshot({ path: "/tmp/new.png", fullPage: true });
} finally {
  await browser.close();
  await s.stop();
}
