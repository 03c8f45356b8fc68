// Annotators as users meet the app: four people in separate browser contexts, each with their own
// injected wallet, claim a batch, label it with the keyboard, commit and reveal (two agree with the
// truth, one is deliberately wrong, one never reveals); the batch is finalised from the UI after the
// reveal window; everyone withdraws; token balances on chain match the expected payouts to the wei; each finds
// their place on the leaderboard.
import { describe, expect, it } from "vitest";
import { formatUnits, parseUnits, toEventSelector } from "viem";
import { computeConsensus, crowdlabelAbi, packLabels, testTokenAbi } from "@crowdlabel/sdk";
import { claimBatch, confirmTx, confirmTxWithEnter, connectInjected, labelWithKeyboard } from "./support/annotator.ts";
import { claim, commit, createTask, credits, digitClasses, loadDigits, mined, reveal, timeTravel, tokenBalance, uploadDigitTask, type CommittedSlot } from "./support/protocol.ts";
import { indexerGet } from "./support/indexerApi.ts";
import { recordLogQueries } from "./support/rpcCalls.ts";
import { openUser, screenshots, see, useStack, type User } from "./support/session.ts";

const session = useStack();
const REWARD = parseUnits("1", 18);
const BOND = parseUnits("2", 18);
const FUNDS = parseUnits("10", 18);
const digits = loadDigits().slice(0, 6);
const truth = digits.map((d) => d.digit);
const wrong = truth.map((d) => (d + 1) % 10);

/** Who does what: anvil account, labels, and whether they reveal. */
const crowd = [
  { account: 1, labels: truth, reveals: true },
  { account: 2, labels: truth, reveals: true },
  { account: 3, labels: wrong, reveals: true },
  { account: 4, labels: truth, reveals: false },
];

describe("annotators label a task in the browser", () => {
  const users: User[] = [];

  it("each annotator connects, claims, labels with the keyboard and commits", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Digits for the crowd", batchSize: 6 });
    const taskId = await createTask(clients, stack, 0, {
      manifestCid,
      itemCount: 6,
      batchSize: 6,
      redundancy: 4,
      maxRedundancy: 4,
      minAgreement: 2,
      reward: "1",
      bond: "2",
    });
    expect(taskId).toBe(1n);
    for (const member of crowd) {
      const wallet = clients.wallet(0);
      await mined(clients, wallet.writeContract({ address: stack.deployment.token, abi: testTokenAbi, functionName: "faucet", args: [clients.address(member.account), FUNDS] }));
    }

    for (const [i, member] of crowd.entries()) {
      const user = await openUser(session, { account: member.account, path: "/tasks/1" });
      users.push(user);
      await see(user, user.page.getByTestId("task-title").getByText("Digits for the crowd"));
      await connectInjected(user);
      if (i === 0) await screenshots(user.page, "task-page");
      if (i === 1) {
        // Keyboard only: c claims, Enter signs each step, and the labeling link then has the focus.
        await see(user, user.page.getByTestId("claim-availability"), 60_000);
        // The ? sheet lists the task page's keys.
        await user.page.keyboard.press("?");
        const sheet = await see(user, user.page.getByTestId("shortcut-sheet"));
        expect(await sheet.textContent()).toContain("Task page");
        expect(await sheet.textContent()).toContain("Claim batches (as many as the Batches field says)");
        await screenshots(user.page, "task-page-shortcuts");
        await user.page.keyboard.press("Escape");
        await sheet.waitFor({ state: "detached" });
        await user.page.keyboard.press("c");
        for (let step = 0; step < 3; step++) await confirmTxWithEnter(user); // approve, requestClaim, assign
        const start = await see(user, user.page.getByTestId("start-labeling"), 60_000);
        await expect.poll(() => start.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
        await user.page.keyboard.press("Enter");
      } else {
        await claimBatch(user, { approve: true });
        await user.page.getByTestId("start-labeling").click();
      }
      await labelWithKeyboard(user, member.labels.map(String));
      if (i === 0) await screenshots(user.page, "labeling-workspace");
      await user.page.keyboard.press("Enter"); // commit from the workspace
      await confirmTx(user); // salt signature (EIP-712)
      await confirmTx(user); // commit transaction
      await user.page.waitForURL(/\/tasks\/1$/, { timeout: 30_000 });
    }
    expect(users.every((u) => u.wallet.calls.includes("eth_signTypedData_v4"))).toBe(true);
  });

  it("three reveal from the task page; after the reveal window anyone finalises", async () => {
    const { clients } = session;
    for (const [i, member] of crowd.entries()) {
      if (!member.reveals) continue;
      const user = users[i]!;
      await user.page.reload();
      const revealAll = await see(user, user.page.getByTestId("reveal-all"), 60_000);
      if (i === 1) {
        await user.page.keyboard.press("r"); // the task page's reveal shortcut
        await confirmTxWithEnter(user);
      } else {
        await revealAll.click();
        await confirmTx(user);
      }
      await see(user, user.page.locator('[data-testid="batch-row-0"]:not([data-status="reveal-open"])'), 60_000);
    }
    // The fourth never reveals: the batch becomes finalisable only when the reveal window ends.
    await timeTravel(clients, 3_601);
    const finaliser = users[0]!;
    await finaliser.page.reload();
    await (await see(finaliser, finaliser.page.getByTestId("finalise-0"), 60_000)).click();
    await confirmTx(finaliser);
    await see(finaliser, finaliser.page.locator('[data-testid="batch-row-0"][data-status="finalised"]'), 60_000);
    // The only batch is done: nothing left to claim, and the indexer's count of resolved images catches up with the chain's batch count.
    await see(finaliser, finaliser.page.getByTestId("all-batches-done"));
    expect(await finaliser.page.getByTestId("claim-button").count()).toBe(0);
    const resolvedStat = finaliser.page.locator(".stat", { has: finaliser.page.getByText("Images resolved", { exact: true }) });
    await expect.poll(() => resolvedStat.locator(".stat-value").textContent(), { timeout: 15_000 }).toBe("6/6");
    expect(await resolvedStat.textContent()).toContain("100%");
    await screenshots(finaliser.page, "task-page-finalised");
    const silent = users[3]!;
    await silent.page.reload();
    await see(silent, silent.page.locator('[data-testid="batch-row-0"][data-status="forfeited"]'), 60_000);
  });

  it("everyone withdraws from the profile page; balances match the expected payouts to the wei", async () => {
    const { stack, clients } = session;
    const revealed = crowd.map((m) => (m.reveals ? packLabels(m.labels, { classCount: 10 }) : null));
    const consensus = computeConsensus({ labels: revealed, itemCount: 6, minAgreement: 2, classCount: 10 });
    expect(consensus.items.map((i) => i.consensus)).toEqual(truth);

    for (const [i, member] of crowd.entries()) {
      const address = clients.address(member.account);
      const agreed = member.reveals ? BigInt(member.labels.filter((label, item) => label === consensus.items[item]!.consensus).length) : 0n;
      const expectedCredit = agreed * REWARD + (member.reveals ? BOND : 0n);
      expect(await credits(clients, stack, address)).toBe(expectedCredit);
      const user = users[i]!;
      if (expectedCredit > 0n) {
        await user.page.goto(`${stack.webUrl}/profile`);
        await (await see(user, user.page.getByTestId("withdraw-button"), 60_000)).click();
        await confirmTx(user);
        await expect.poll(() => credits(clients, stack, address), { timeout: 30_000 }).toBe(0n);
        if (i === 0) {
          // The history lists the task with the labels the contract counted for this annotator.
          const row = user.page.getByTestId("history").locator("tr", { hasText: "Digits for the crowd" });
          await see(user, row, 30_000);
          // Earned names its token: tasks may pay in different ones. No gold in this task, so no Gold column.
          expect(await row.locator("td.num").allTextContents()).toEqual([String(member.labels.length), String(agreed), `${formatUnits(agreed * REWARD, 18)} tUSD`]);
          // The skill behind the score: one Dawid-Skene fit over the owner's 10-class tasks, from this annotator's labels.
          const owner = clients.address(0).toLowerCase();
          const profile = await indexerGet<{
            reputation: { score: number; breakdown: Record<string, number | null> };
            skillPools: { owner: string; classCount: number; classes: string[]; skill: number; labels: number; tasks: number }[];
          }>(stack, `/api/annotators/${address.toLowerCase()}`);
          expect(profile.skillPools).toEqual([{ owner, classCount: 10, classes: digitClasses.map((c) => c.name), skill: expect.any(Number), labels: member.labels.length, tasks: 1 }]);
          const pool = user.page.getByTestId("skill-pools").locator("tbody tr");
          await see(user, pool);
          expect(await pool.locator("td").allTextContents()).toEqual([`${owner.slice(0, 6)}…${owner.slice(-4)}0 · 1 · 2 · 3 +6 more`, "1", String(member.labels.length), `${(profile.skillPools[0]!.skill * 100).toFixed(0)}%`]);
          // The breakdown spells the score out from the indexer's own figures: no gold here, so Dawid-Skene is 0.35 / 0.65 of quality.
          const { breakdown, score } = profile.reputation;
          const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
          expect(await user.page.getByTestId("breakdown-score").textContent()).toBe(`1000 × ${percent(breakdown.quality!)} × ${percent(breakdown.confidence!)} = ${score}`);
          expect(await user.page.getByTestId("breakdown-dsSkill").textContent()).toContain(`${percent(breakdown.dsSkill!)}54% of quality`);
          expect(await user.page.getByTestId("breakdown-goldAccuracy").textContent()).toContain("not counted");
          await screenshots(user.page, "profile");
        }
      }
      if (!member.reveals) {
        // The bond of the labels never revealed is on the silent annotator's public record.
        await user.page.goto(`${stack.webUrl}/profile`);
        await see(user, user.page.getByTestId("tasks-worked").getByText("1 slot bond forfeited", { exact: true }), 60_000);
      }
      // Funded FUNDS, posted BOND, got back rewards and (for revealers) the bond.
      expect(await tokenBalance(clients, stack, address)).toBe(FUNDS - BOND + expectedCredit);
    }
    for (const user of users) expect(user.errors).toEqual([]);
  });

  it("each annotator finds their place on the leaderboard; the one who never revealed is not on it", async () => {
    const { stack, clients } = session;
    const board = await indexerGet<{ items: { rank: number; address: string }[] }>(stack, "/api/leaderboard");
    const revealers = crowd.filter((m) => m.reveals).map((m) => clients.address(m.account).toLowerCase());
    expect(board.items.map((r) => r.address).sort()).toEqual([...revealers].sort());
    for (const [i, member] of crowd.entries()) {
      const user = users[i]!;
      const address = clients.address(member.account).toLowerCase();
      await user.page.goto(`${stack.webUrl}/leaderboard`);
      const standing = await see(user, user.page.getByTestId("your-rank"), 60_000);
      const rank = board.items.find((r) => r.address === address)?.rank;
      if (member.reveals) {
        expect(await standing.textContent()).toContain(`You are #${rank} of ${revealers.length}`);
        await see(user, user.page.getByTestId(`leaderboard-row-${address}`));
        if (i === 0) await screenshots(user.page, "leaderboard");
      } else {
        expect(await standing.textContent()).toContain("You are not on the board yet");
      }
    }
  });

  it("without the indexer, the leaderboard ranks by the contract's agreed-label counters", async () => {
    const { stack, clients } = session;
    await stack.indexer!.stop();
    const user = users[0]!;
    const logQueries = recordLogQueries(user.page);
    await user.page.goto(`${stack.webUrl}/leaderboard`);
    await see(user, user.page.getByText("The indexer is unreachable: ranked by on-chain agreed labels only."), 60_000);
    const table = user.page.getByTestId("leaderboard");
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 30_000 }).toBe(3);
    // Everyone ever assigned a slot (SlotAssigned with no topic filter), scanned from the deployment's first block.
    const slotAssigned = toEventSelector(crowdlabelAbi.find((item) => item.type === "event" && item.name === "SlotAssigned")!);
    const leaderboardScans = () => logQueries.filter((filter) => filter.topics?.length === 1 && filter.topics[0] === slotAssigned).map((filter) => BigInt(filter.fromBlock!));
    const firstBlock = leaderboardScans().reduce((a, b) => (a < b ? a : b));
    // The finalized part is stored, so the next visit reads only the blocks since.
    await expect.poll(() => user.page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.includes(":slot-assigned"))!)), { timeout: 30_000 }).not.toBeNull();
    logQueries.length = 0;
    await user.page.reload();
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 30_000 }).toBe(3);
    expect(leaderboardScans().filter((from) => from <= firstBlock)).toEqual([]);
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim())));
    // Two agreed on all six images, the wrong one on none; the one who never revealed has no counters.
    const address = (account: number) => clients.address(account).toLowerCase();
    expect(await table.locator("thead th").nth(2).textContent()).toBe("Agreed labels");
    expect(rows.map((cells) => [cells[2], cells[3], cells[4]])).toEqual([
      ["6", "6", "100.0%"],
      ["6", "6", "100.0%"],
      ["0", "6", "0.0%"],
    ]);
    expect(await table.locator("tbody tr").last().getAttribute("data-testid")).toBe(`leaderboard-row-${address(3)}`);
    expect(await table.locator(`[data-testid="leaderboard-row-${address(4)}"]`).count()).toBe(0);
    await screenshots(user.page, "leaderboard-chain-fallback");
  });

  /** A task of three one-image batches that accounts 1 and 2 labelled and revealed on chain: all three wait for finalisation. */
  async function threeBatchesToFinalise(title: string): Promise<bigint> {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits: digits.slice(0, 3), title, batchSize: 1 });
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 3, batchSize: 1, redundancy: 2, maxRedundancy: 2, minAgreement: 2, reward: "1" });
    const committed: CommittedSlot[] = [];
    for (const account of [1, 2]) {
      const slots = await claim(clients, stack, account, taskId, 3);
      for (const slot of slots) committed.push(await commit(clients, stack, slot, [truth[slot.batchId]!]));
    }
    for (const c of committed) await reveal(clients, stack, c);
    return taskId;
  }

  it("an annotator with several batches waiting finalises them all with one confirmation", async () => {
    const { stack, clients } = session;
    // One image per batch, settled together by one finaliseBatches.
    const taskId = await threeBatchesToFinalise("One digit per batch");
    const user = users[0]!;
    await user.page.goto(`${stack.webUrl}/tasks/${taskId}`);
    const all = await see(user, user.page.getByTestId("finalise-all"), 60_000);
    expect(await all.textContent()).toBe("Finalise 3 batches");
    expect(await user.page.locator('[data-testid^="finalise-"]').count()).toBe(1); // not one button per batch
    await screenshots(user.page, "task-page-finalise-all");
    await all.click();
    expect(await (await see(user, user.page.getByRole("dialog"))).textContent()).toContain("One transaction settles them all");
    await confirmTx(user);
    for (const batchId of [0, 1, 2]) await see(user, user.page.locator(`[data-testid="batch-row-${batchId}"][data-status="finalised"]`), 60_000);
    expect(await user.page.getByTestId("tx-confirm-button").count()).toBe(0);
    const task = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
    expect([task.doneBatches, task.pendingBatches]).toEqual([3, 0]);
    expect(await credits(clients, stack, clients.address(1))).toBe(3n * REWARD); // withdrew everything earlier
  });

  it("on a chain with small blocks, the batches go in one transaction each, confirmed once and sent in order", async () => {
    const { stack, clients } = session;
    const taskId = await threeBatchesToFinalise("One digit per batch, small blocks");
    // Half a 400k-gas block is 200k: one batch's finalise fits (its estimate is ~121k), two do not.
    const { gasLimit } = await clients.publicClient.getBlock();
    await clients.testClient.setBlockGasLimit({ gasLimit: 400_000n });
    await clients.testClient.mine({ blocks: 1 });
    try {
      const user = users[1]!;
      await user.page.goto(`${stack.webUrl}/tasks/${taskId}`);
      await (await see(user, user.page.getByTestId("finalise-all"), 60_000)).click();
      const dialog = await see(user, user.page.getByRole("dialog"));
      expect(await dialog.textContent()).toContain("3 transactions (each kept under 200,000 gas), sent one after another: confirm once here; your wallet asks for each.");
      await screenshots(user.page, "task-page-finalise-small-blocks");
      await confirmTx(user);
      for (const batchId of [0, 1, 2]) await see(user, user.page.locator(`[data-testid="batch-row-${batchId}"][data-status="finalised"]`), 60_000);
      expect(await user.page.getByTestId("tx-confirm-button").count()).toBe(0); // asked once
      const settled = await clients.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "BatchFinalised", args: { taskId }, fromBlock: 0n });
      expect(settled.map((e) => e.args.batchId)).toEqual([0, 1, 2]);
      expect(new Set(settled.map((e) => e.transactionHash)).size).toBe(3);
      expect(new Set(settled.map((e) => e.blockNumber)).size).toBe(3); // in order: each waited for the one before
    } finally {
      await clients.testClient.setBlockGasLimit({ gasLimit });
      await clients.testClient.mine({ blocks: 1 });
    }
  });
});
