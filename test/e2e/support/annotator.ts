import type { Page } from "playwright-core";
import { see, type User } from "./session.ts";

/** Connects through RainbowKit's "Browser Wallet" entry (the injected provider), as a MetaMask user would. */
export async function connectInjected(user: User): Promise<void> {
  const { page } = user;
  await (await see(user, page.getByRole("button", { name: "Connect wallet" }))).click();
  await (await see(user, page.getByText("Browser Wallet"))).click();
  // RainbowKit's account button shows the shortened address (0x70…79C8).
  await see(user, page.getByRole("button", { name: new RegExp(`${user.wallet.address.slice(0, 4)}.*${user.wallet.address.slice(-4)}`) }));
}

/** Answers the app's "what this does" dialog that precedes every signature. */
export async function confirmTx(user: User, timeoutMs = 30_000): Promise<void> {
  await (await see(user, user.page.getByTestId("tx-confirm-button"), timeoutMs)).click();
}

/** Confirm the dialog shown before signing with the keyboard alone: its sign button has focus, so Enter signs. */
export async function confirmTxWithEnter(user: User, timeoutMs = 30_000): Promise<void> {
  const button = await see(user, user.page.getByTestId("tx-confirm-button"), timeoutMs);
  await button.evaluate((el) => {
    if (document.activeElement !== el) throw new Error(`Focus is on ${document.activeElement?.outerHTML.slice(0, 80)}, not on the sign button.`);
  });
  await user.page.keyboard.press("Enter");
}

/** Claim on the task page: claim (+ approve when a bond needs it) then assign, each confirmed in the app. */
export async function claimBatch(user: User, options: { approve: boolean }): Promise<void> {
  const { page } = user;
  await (await see(user, page.getByTestId("claim-button"))).click();
  if (options.approve) await confirmTx(user);
  await confirmTx(user); // requestClaim
  await confirmTx(user); // assign
  await see(user, page.getByTestId("start-labeling"), 60_000);
}

/** Labels the open batch with the keyboard only: one hotkey per image (auto-advance moves on). */
export async function labelWithKeyboard(user: User, hotkeys: string[]): Promise<void> {
  const { page } = user;
  await see(user, page.getByTestId("labeling-workspace"));
  for (const [i, key] of hotkeys.entries()) {
    await waitText(page, "item-position", `${i + 1} / ${hotkeys.length}`);
    await page.keyboard.press(key);
  }
  await waitText(page, "labeled-count", String(hotkeys.length));
}

/** Waits until the element with `testId` has exactly `text`. */
export async function waitText(page: Page, testId: string, text: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === expected,
    [testId, text] as const,
    { timeout: timeoutMs },
  );
}
