// Adaptive redundancy: two annotators disagree on some images of a batch; finalising opens an extra
// round for them only; a third annotator claims it in the browser, labels, commits and reveals; the
// batch resolves, and the indexer and the owner's dashboard show every image resolved. Then an annotator who holds
// two batches labels them back to back: committing one opens the next in the workspace.
import { describe, expect, it } from "vitest";
import { parseEventLogs } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { claimBatch, confirmTx, confirmTxWithEnter, connectInjected, labelWithKeyboard } from "./support/annotator.ts";
import { claim, commit, createTask, finalise, loadDigits, reveal, uploadDigitTask } from "./support/protocol.ts";
import { indexerGet } from "./support/indexerApi.ts";
import { openUser, screenshots, see, useStack, viewports } from "./support/session.ts";

const session = useStack();
const digits = loadDigits().slice(0, 4);
const truth = digits.map((d) => d.digit);

describe("adaptive redundancy", () => {
  it("a batch with disagreement gets extra labels and resolves", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Adaptive digits", batchSize: 4 });
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 4, batchSize: 4, redundancy: 2, maxRedundancy: 3, minAgreement: 2 });

    // Round 0: annotator 1 is right; annotator 2 disagrees on images 2 and 3.
    const second = truth.map((d, i) => (i >= 2 ? (d + 5) % 10 : d));
    const round0 = [];
    for (const [i, labels] of [truth, second].entries()) {
      const [slot] = await claim(clients, stack, i + 1, taskId);
      round0.push(await commit(clients, stack, slot!, labels));
    }
    for (const c of round0) await reveal(clients, stack, c);
    const first = await finalise(clients, stack, { taskId, batchId: 0, revealed: [...round0].sort((a, b) => a.slot - b.slot).map((c) => c.labels) });
    const [extra] = parseEventLogs({ abi: crowdlabelAbi, eventName: "ExtraRoundOpened", logs: first.logs });
    expect(extra?.args).toMatchObject({ batchId: 0, round: 1, extraSlots: 1, unresolvedMask: 0b1100n });

    // Round 1 in the browser: the third annotator labels the batch (resolved images stay as they are).
    const user = await openUser(session, { account: 3, path: `/tasks/${taskId}` });
    await connectInjected(user);
    await claimBatch(user, { approve: false });
    await user.page.getByTestId("start-labeling").click();
    await labelWithKeyboard(user, truth.map(String));
    // Keyboard only: Enter commits, Enter signs in each dialog shown before signing.
    await user.page.keyboard.press("Enter");
    await confirmTxWithEnter(user); // salt signature
    await confirmTxWithEnter(user); // commit
    await user.page.waitForURL(/\/tasks\/1$/, { timeout: 30_000 });
    await (await see(user, user.page.getByTestId("reveal-all"), 60_000)).click();
    await confirmTx(user);
    await (await see(user, user.page.getByTestId("finalise-0"), 60_000)).click();
    await confirmTx(user);
    await see(user, user.page.locator('[data-testid="batch-row-0"][data-status="finalised"]'), 60_000);
    await screenshots(user.page, "task-page-extra-round");

    const [batch] = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, 0] });
    expect(batch.resolvedMask).toBe(0b1111n);
    expect(batch.done).toBe(true);
    await stack.indexer!.waitForBlock();
    const task = await indexerGet<{ itemsResolved: number; batchesDone: number }>(stack, `/api/tasks/${taskId}`);
    expect(task).toMatchObject({ itemsResolved: 4, batchesDone: 1 });
    expect(user.errors).toEqual([]);
  });

  it("an annotator who holds two batches labels them back to back: committing one opens the next", async () => {
    const { stack, clients } = session;
    const eight = loadDigits().slice(0, 8);
    const { manifestCid } = await uploadDigitTask(stack, { digits: eight, title: "Back to back", batchSize: 4 });
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 8, batchSize: 4, redundancy: 1, maxRedundancy: 1, minAgreement: 1 });
    const hotkeysOf = (batchId: number) => eight.slice(batchId * 4, batchId * 4 + 4).map((d) => String(d.digit));

    const user = await openUser(session, { account: 4, path: `/tasks/${taskId}` });
    await connectInjected(user);
    await (await see(user, user.page.getByTestId("claim-count"))).fill("2");
    await claimBatch(user, { approve: false });
    await user.page.getByTestId("start-labeling").click();
    await user.page.waitForURL(/\/label\/[01]$/);
    const first = Number(user.page.url().slice(-1));
    const second = 1 - first;
    await labelWithKeyboard(user, hotkeysOf(first));
    expect(await user.page.getByTestId("next-batch").textContent()).toBe(`Then batch ${second}, the next one you hold.`);
    await user.page.keyboard.press("Enter");
    await confirmTxWithEnter(user); // salt signature (once per task)
    await confirmTxWithEnter(user); // commit
    await user.page.waitForURL(new RegExp(`/tasks/${taskId}/label/${second}$`), { timeout: 30_000 });
    await labelWithKeyboard(user, hotkeysOf(second));
    expect(await user.page.getByTestId("next-batch").count()).toBe(0);
    await user.page.keyboard.press("Enter");
    await confirmTxWithEnter(user); // commit
    await user.page.waitForURL(new RegExp(`/tasks/${taskId}$`), { timeout: 30_000 });
    for (const batchId of [first, second]) {
      const [batch] = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] });
      expect(batch.committed, `batch ${batchId}`).toBe(1);
    }
    expect(user.errors).toEqual([]);
  });

  it("a long batch: the filmstrip keeps the current image and the next ones in view, both ways", async () => {
    const { stack, clients } = session;
    const many = loadDigits(); // all 30: wider than the workspace's filmstrip
    const { manifestCid } = await uploadDigitTask(stack, { digits: many, title: "Long batch", batchSize: many.length });
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: many.length, batchSize: many.length, redundancy: 1, maxRedundancy: 1, minAgreement: 1 });
    const user = await openUser(session, { account: 5, path: `/tasks/${taskId}` });
    await connectInjected(user);
    await claimBatch(user, { approve: false });
    await user.page.getByTestId("start-labeling").click();
    await user.page.waitForURL(/\/label\/0$/);
    const strip = user.page.getByRole("group", { name: "Images in this batch" });
    // The current cell and the three after it (or the strip's end) lie inside the strip's visible box.
    const inView = async (index: number) => {
      const box = (await strip.boundingBox())!;
      const cells = strip.getByRole("button");
      const last = Math.min(index + 3, (await cells.count()) - 1);
      const first = (await cells.nth(index).boundingBox())!;
      const ahead = (await cells.nth(last).boundingBox())!;
      return first.x >= box.x - 1 && ahead.x + ahead.width <= box.x + box.width + 1;
    };
    await labelWithKeyboard(user, many.map((d) => String(d.digit)));
    expect(await strip.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await inView(many.length - 1)).toBe(true);
    for (let k = 0; k < many.length - 8; k++) await user.page.keyboard.press("ArrowLeft");
    await see(user, user.page.getByTestId("item-position").getByText(`8 / ${many.length}`));
    expect(await inView(7)).toBe(true);
    // On a phone (and a tablet) the filmstrip scrolls inside its card; it must not widen the page.
    for (const width of [viewports.phone.width, 800]) {
      await user.page.setViewportSize({ width, height: viewports.phone.height });
      await expect.poll(() => user.page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBeLessThanOrEqual(width);
      // one step forward and back: the strip follows the cursor in the narrower card too
      await user.page.keyboard.press("ArrowRight");
      await user.page.keyboard.press("ArrowLeft");
      await see(user, user.page.getByTestId("item-position").getByText(`8 / ${many.length}`));
      expect(await inView(7), `width ${width}`).toBe(true);
    }
    await user.page.setViewportSize(viewports.desktop);
    await screenshots(user.page, "labeling-long-batch");
    expect(user.errors).toEqual([]);
  });
});
