// The bad paths users actually hit, each with a clear message and nothing lost: wrong network,
// rejected signature, RPC down, IPFS down, a degraded indexer, a task whose manifest is invalid, an oversized image,
// an expired claim, a task with no free slot, a reveal after the window, a finalise whose log reads fail and a full
// browser storage.
import { describe, expect, it } from "vitest";
import type { Route } from "playwright-core";
import { parseUnits } from "viem";
import { crowdlabelAbi, testTokenAbi, uploadFiles } from "@crowdlabel/sdk";
import { claimBatch, confirmTx, connectInjected, labelWithKeyboard } from "./support/annotator.ts";
import { claim, commit, createTask, loadDigits, mined, timeTravel, uploadDigitTask } from "./support/protocol.ts";
import { screenshots, see, useStack, withUser, type User } from "./support/session.ts";

const session = useStack();
const digits = loadDigits().slice(0, 4);
const alertWith = (user: User, text: string | RegExp) => user.page.getByRole("alert").filter({ hasText: text });

describe("bad paths show a clear message and lose nothing", () => {
  let taskId: bigint;

  it("setup: a task with short windows, and funded annotators", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Bad paths", batchSize: 2 });
    taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 4, batchSize: 2, redundancy: 2, minAgreement: 1, claimTtl: 600, commitWindow: 3600, revealWindow: 600 });
    for (const account of [1, 2, 3, 4, 5])
      await mined(clients, clients.wallet(0).writeContract({ address: stack.deployment.token, abi: testTokenAbi, functionName: "faucet", args: [clients.address(account), parseUnits("10", 18)] }));
  });

  it("wrong network: the banner says so and Switch network fixes it", async () => {
    await withUser(session, { account: 1, path: `/tasks/${taskId}` }, async (user) => {
      await connectInjected(user);
      // The user switches the wallet to Ethereum mainnet (in the extension) while the app is open.
      await user.wallet.setChain(1);
      const banner = await see(user, user.page.getByTestId("wrong-network"));
      expect(await banner.textContent()).toContain("Crowdlabel runs on chain 31337");
      await screenshots(user.page, "error-wrong-network");
      // Signing is refused while the wallet is on another chain: nothing is sent there.
      await (await see(user, user.page.getByTestId("claim-button"))).click();
      await see(user, alertWith(user, "Your wallet is on chain 1; Crowdlabel runs on chain 31337."));
      expect(user.wallet.calls).not.toContain("eth_sendTransaction");
      await banner.getByRole("button", { name: "Switch network" }).click();
      await user.page.getByTestId("wrong-network").waitFor({ state: "detached", timeout: 15_000 });
      expect(user.wallet.chainId).toBe(31337);
      expect(user.wallet.calls).toContain("wallet_switchEthereumChain");
    });
  });

  it("rejected signature: the app says nothing was sent, and the same action works next time", async () => {
    const { clients, stack } = session;
    await withUser(session, { account: 2, path: `/tasks/${taskId}` }, async (user) => {
      await connectInjected(user);
      user.wallet.rejectNext();
      await (await see(user, user.page.getByTestId("claim-button"))).click();
      await confirmTx(user); // requestClaim (the wallet rejects it)
      await see(user, alertWith(user, "You rejected the request in your wallet."));
      await screenshots(user.page, "error-rejected-signature");
      const request = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "claimRequestOf", args: [taskId, clients.address(2)] });
      expect(request.count).toBe(0);
      await claimBatch(user, { approve: false });
    });
  });

  it("a full browser storage: the labels stay in the tab, an alert says so, the commit waits and goes through once there is room", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits: digits.slice(0, 2), title: "Full storage", batchSize: 2 });
    const task = await createTask(clients, stack, 0, { manifestCid, itemCount: 2, batchSize: 2, redundancy: 1, minAgreement: 1 });
    await withUser(session, { account: 7, path: `/tasks/${task}` }, async (user) => {
      await connectInjected(user);
      await claimBatch(user, { approve: false });
      await user.page.getByTestId("start-labeling").click();
      await see(user, user.page.getByTestId("labeling-workspace"));
      // Other data of this origin fills localStorage to its last few characters (Chromium refuses past its quota).
      const fillers = await user.page.evaluate(() => {
        let n = 0;
        for (let size = 1 << 20; size >= 8; size >>= 1)
          for (;;) {
            try {
              localStorage.setItem(`filler-${n}`, "x".repeat(size));
              n++;
            } catch {
              break;
            }
          }
        return n;
      });
      expect(fillers).toBeGreaterThan(4);
      await labelWithKeyboard(user, ["0", "1"]);
      const alert = await see(user, user.page.getByTestId("storage-full"));
      expect(await alert.textContent()).toContain("This browser's storage for Crowdlabel is full: your latest work is not saved.");
      await see(user, user.page.getByText("Your labels are in this tab only: the browser's storage is full"));
      await screenshots(user.page, "error-storage-full");
      const callsBefore = user.wallet.calls.length;
      await user.page.keyboard.press("Enter"); // commit
      await confirmTx(user); // salt signature
      await see(user, alertWith(user, "Not committed: this browser could not save your labels for the reveal"));
      expect(user.wallet.calls.slice(callsBefore)).toContain("eth_signTypedData_v4");
      expect(user.wallet.calls.slice(callsBefore)).not.toContain("eth_sendTransaction");
      // Room made (the other data removed), "Try again" saves what was waiting and the commit goes through.
      await user.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler-")).forEach((k) => localStorage.removeItem(k)));
      await user.page.getByTestId("storage-retry").click();
      await user.page.getByTestId("storage-full").waitFor({ state: "detached", timeout: 10_000 });
      const saved = await user.page.evaluate(() => localStorage.getItem("crowdlabel.reveals"));
      const records = Object.values((JSON.parse(saved!) as { state: { records: Record<string, { commitment: string }> } }).state.records);
      expect(records).toHaveLength(1);
      await user.page.getByTestId("commit-batch").click();
      await confirmTx(user); // commit transaction
      await user.page.waitForURL(new RegExp(`/tasks/${task}$`), { timeout: 30_000 });
      // Committed on chain with the commitment of the saved record: the reveal will find its labels after any reload.
      const [slot, hash] = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getSlot", args: [task, 0, 0] });
      expect([slot.annotator, slot.state, hash]).toEqual([clients.address(7), 2, records[0]!.commitment]);
    });
  });

  it("RPC down: the chain status turns red and reads explain it; it recovers when the RPC is back", async () => {
    const { stack } = session;
    try {
      await withUser(session, { account: 3, path: `/tasks/${taskId}` }, async (user) => {
        await see(user, user.page.getByTestId("task-title").getByText("Bad paths"));
        await stack.outage.rpc.cut();
        await user.page.reload();
        await see(user, user.page.locator('[data-testid="status-chain"][data-ok="false"]'), 60_000);
        expect(await user.page.getByTestId("status-problem-chain").textContent()).toContain("Chain down: the RPC at http://127.0.0.1:");
        await see(user, user.page.getByRole("alert"), 60_000);
        await screenshots(user.page, "error-rpc-down");
        await stack.outage.rpc.restore();
        await user.page.reload();
        await see(user, user.page.getByTestId("task-title").getByText("Bad paths"), 60_000);
        await user.page.getByTestId("service-problems").waitFor({ state: "detached", timeout: 30_000 });
      });
    } finally {
      await stack.outage.rpc.restore();
    }
  });

  it("IPFS down: the task page says the manifest cannot be loaded; it loads when IPFS is back", async () => {
    const { stack } = session;
    try {
      await withUser(session, { account: 3, path: "/" }, async (user) => {
        await stack.outage.ipfs.cut();
        await user.page.goto(`${stack.webUrl}/tasks/${taskId}`);
        await see(user, alertWith(user, /manifest could not be loaded from IPFS/), 60_000);
        expect(await (await see(user, user.page.getByTestId("status-problem-ipfs"))).textContent()).toContain("IPFS down: the gateway at http://127.0.0.1:");
        await screenshots(user.page, "error-ipfs-down");
        await stack.outage.ipfs.restore();
        await user.page.reload();
        await see(user, user.page.getByTestId("task-title").getByText("Bad paths"), 60_000);
      });
    } finally {
      await stack.outage.ipfs.restore();
    }
  });

  it("indexer degraded (it cannot reach IPFS): its status turns amber and names why; green again when IPFS is back", async () => {
    const { stack } = session;
    const indexerStatus = (user: User, state: string) => user.page.locator(`[data-testid="status-indexer"][data-state="${state}"]`);
    try {
      await withUser(session, { account: 3, path: "/" }, async (user) => {
        await see(user, indexerStatus(user, "up"), 60_000);
        await stack.outage.indexerIpfs.cut();
        await user.page.reload();
        const amber = await see(user, indexerStatus(user, "degraded"), 60_000);
        expect(await amber.getAttribute("title")).toMatch(/^Indexer: degraded · \/indexer · cannot reach IPFS, new tasks' manifests wait/);
        // In words too, not only in the dot's tooltip (phones have no hover).
        expect(await user.page.getByTestId("status-problem-indexer").textContent()).toMatch(/^Indexer degraded: cannot reach IPFS, new tasks' manifests wait/);
        // Degraded is not down: the task list still comes from the indexer.
        await see(user, user.page.getByText("Bad paths").first());
        expect(await user.page.getByTestId("indexer-fallback").count()).toBe(0);
        await screenshots(user.page, "error-indexer-degraded");
        await stack.outage.indexerIpfs.restore();
        await user.page.reload();
        await see(user, indexerStatus(user, "up"), 60_000);
        expect(await user.page.getByTestId("service-problems").count()).toBe(0);
      });
    } finally {
      await stack.outage.indexerIpfs.restore();
    }
  });

  it("a task whose manifest is invalid is shown with the reason, not a blank page", async () => {
    const { stack, clients } = session;
    const [bad] = await uploadFiles({
      config: { apiUrl: stack.ipfs.apiUrl, gatewayUrl: stack.ipfs.gatewayUrl },
      files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify({ version: 1, title: "", classes: [] })) }],
    });
    const invalid = await createTask(clients, stack, 0, { manifestCid: bad!.cid, itemCount: 2, batchSize: 2, redundancy: 1, minAgreement: 1 });
    await withUser(session, { account: 3, path: `/tasks/${invalid}` }, async (user) => {
      const alert = await see(user, user.page.getByTestId("manifest-error"), 60_000);
      expect(await alert.textContent()).toContain("This task's manifest is invalid");
      expect(await user.page.getByTestId("manifest-issues").locator("li").allTextContents()).toContain("classes a task needs at least 2 classes");
      await see(user, user.page.getByTestId("guide-unavailable"));
      await connectInjected(user);
      // Without a manifest no batch could be labeled: claiming (and risking a bond) is not offered.
      expect(await (await see(user, user.page.getByTestId("claim-button"))).isDisabled()).toBe(true);
      await screenshots(user.page, "error-invalid-manifest");
    });
  });

  it("an oversized image is refused in the wizard with the limit, and the others stay", async () => {
    await withUser(session, { account: 0, path: "/owner/new" }, async (user) => {
      await connectInjected(user);
      const big = Buffer.alloc(11 * 1024 * 1024, 0);
      Buffer.from(digits[0]!.bytes).copy(big);
      await user.page.getByTestId("file-input").setInputFiles([
        { name: "huge.png", mimeType: "image/png", buffer: big },
        { name: digits[1]!.file, mimeType: "image/png", buffer: Buffer.from(digits[1]!.bytes) },
      ]);
      await see(user, user.page.getByText("huge.png is larger than 10 MiB."));
      await see(user, user.page.getByText(/1 image ready to upload/));
      await screenshots(user.page, "error-oversized-image");
    });
  });

  it("an expired claim: the batch says so and committing explains why it cannot", async () => {
    const { clients } = session;
    await withUser(session, { account: 4, path: `/tasks/${taskId}` }, async (user) => {
      await connectInjected(user);
      await claimBatch(user, { approve: false });
      await user.page.getByTestId("start-labeling").click();
      await labelWithKeyboard(user, ["0", "1"]);
      await timeTravel(clients, 601);
      // The workspace follows the chain's clock: it stops offering the commit and says why.
      await see(user, user.page.getByText("The claim expired before a commit"), 60_000);
      expect(await user.page.getByTestId("commit-batch").count()).toBe(0);
      expect(await user.page.getByTestId("labeled-count").textContent()).toBe("2");
      await screenshots(user.page, "error-claim-expired");
      await user.page.goto(`${session.stack.webUrl}/tasks/${taskId}`);
      await see(user, user.page.locator('[data-testid^="batch-row-"][data-status="expired"]'), 60_000);
    });
  });

  it("no free slot: the page says why and offers no claim; behind a stale indexer, the chain check refuses before anything is sent", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Every slot taken", batchSize: 2 });
    const full = await createTask(clients, stack, 0, { manifestCid, itemCount: 4, batchSize: 2, redundancy: 1, minAgreement: 1, claimTtl: 600, commitWindow: 3600 });
    expect(await claim(clients, stack, 7, full)).toHaveLength(1);
    await withUser(session, { account: 8, path: `/tasks/${full}` }, async (user) => {
      await connectInjected(user);
      // One of the two batches is left: the page says so and a request cannot ask for more.
      const line = await see(user, user.page.getByTestId("claim-availability"), 60_000);
      await expect.poll(() => line.textContent()).toBe("1 batch has a free slot for you now. The draw is random among them.");
      expect(await user.page.getByTestId("claim-count").getAttribute("max")).toBe("1");

      expect(await claim(clients, stack, 9, full)).toHaveLength(1);
      const notice = await see(user, user.page.getByTestId("nothing-to-claim"), 60_000);
      expect(await notice.locator("li").allTextContents()).toEqual(["2 full: every slot of the current round is held by other annotators"]);
      expect(await notice.textContent()).toMatch(/The first claim on a full round expires in (9|10)m/);
      expect(await user.page.getByTestId("claim-button").isDisabled()).toBe(true);
      await screenshots(user.page, "task-page-nothing-to-claim");

      // An indexer that has not seen the second claim yet still offers a batch; the click reads the chain and stops.
      await user.page.route("**/next-batches?*", (route) =>
        route.fulfill({
          json: { eligible: true, reason: null, claimableSlots: 1, openBatches: 1, blocked: { done: 0, reveal: 0, "round-ending": 0, held: 0, full: 1 }, nextFreeAt: null, nextRoundAt: null },
        }),
      );
      await user.page.reload();
      await see(user, user.page.getByTestId("claim-availability"), 60_000);
      await user.page.getByTestId("claim-button").click();
      const refused = await see(user, alertWith(user, "No batch has a free slot for you now"));
      expect(await refused.textContent()).toContain("Nothing was sent. Of its 2 batches: 2 full: every slot of the current round is held by other annotators.");
      expect(user.wallet.calls).not.toContain("eth_sendTransaction");
      expect(await user.page.getByTestId("tx-confirm-button").count()).toBe(0);

      // Without the indexer, the page reads the same answer from the chain.
      await user.page.unroute("**/next-batches?*");
      await user.page.route("**/next-batches?*", (route) => route.abort("connectionrefused"));
      await user.page.reload();
      const fromChain = await see(user, user.page.getByTestId("nothing-to-claim"), 60_000);
      expect(await fromChain.locator("li").allTextContents()).toEqual(["2 full: every slot of the current round is held by other annotators"]);
      expect(await user.page.getByTestId("claim-button").isDisabled()).toBe(true);
    });
    const request = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "claimRequestOf", args: [full, clients.address(8)] });
    expect(request.seedBlock).toBe(0n);
  });

  it("a claim left unassigned for 256 blocks lapses: the page explains the forfeited bond, and clearing it allows a new claim", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits, title: "Lapsing claim", batchSize: 2 });
    const bondTask = await createTask(clients, stack, 0, { manifestCid, itemCount: 4, batchSize: 2, redundancy: 2, minAgreement: 1, bond: "0.5" });
    const annotator = clients.wallet(6);
    await mined(clients, clients.wallet(0).writeContract({ address: stack.deployment.token, abi: testTokenAbi, functionName: "faucet", args: [clients.address(6), parseUnits("10", 18)] }));
    await mined(clients, annotator.writeContract({ address: stack.deployment.token, abi: testTokenAbi, functionName: "approve", args: [stack.deployment.crowdlabel, parseUnits("1", 18)] }));
    // The request is mined, but nobody calls assign (the tab was closed) until the seed block's hash is gone.
    await mined(clients, annotator.writeContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "requestClaim", args: [bondTask, 1] }));
    await clients.testClient.mine({ blocks: 257 });
    await withUser(session, { account: 6, path: `/tasks/${bondTask}` }, async (user) => {
      await connectInjected(user);
      const notice = await see(user, user.page.getByTestId("claim-lapsed"), 60_000);
      expect(await notice.textContent()).toContain("Your claim of 1 batch lapsed");
      expect(await notice.textContent()).toContain("Its bond (0.5 tUSD) is forfeited to the task");
      await screenshots(user.page, "error-claim-lapsed");
      await user.page.getByTestId("clear-lapsed-claim").click();
      await confirmTx(user);
      await see(user, user.page.getByTestId("claim-lapsed").filter({ hasText: "Your last claim (1 batch) lapsed" }), 60_000);
      await see(user, user.page.getByTestId("claim-button"), 60_000);
    });
    const lapsed = await clients.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "ClaimLapsed", fromBlock: 0n });
    expect(lapsed.map((e) => [e.args.taskId, e.args.annotator?.toLowerCase(), e.args.bondForfeited])).toEqual([[bondTask, clients.address(6).toLowerCase(), parseUnits("0.5", 18)]]);
  });

  it("a reveal after the window: the batch shows the reveal was missed and offers no doomed transaction", async () => {
    const { stack, clients } = session;
    await withUser(session, { account: 5, path: `/tasks/${taskId}` }, async (user) => {
      await connectInjected(user);
      await claimBatch(user, { approve: false });
      const row = user.page.locator('[data-testid^="batch-row-"][data-status="label"]');
      const batchId = Number((await (await see(user, row)).getAttribute("data-testid"))!.replace("batch-row-", ""));
      await user.page.getByTestId("start-labeling").click();
      await labelWithKeyboard(user, ["0", "1"]);
      await user.page.keyboard.press("Enter");
      await confirmTx(user); // salt signature
      await confirmTx(user); // commit
      await user.page.waitForURL(/\/tasks\/\d+$/, { timeout: 30_000 });
      // Someone else fills the batch's other slot so reveal opens; then the window passes.
      for (const account of [6, 7, 8]) {
        const slots = await claim(clients, stack, account, taskId);
        const mine = slots.find((s) => s.batchId === batchId);
        if (mine) {
          await commit(clients, stack, mine, [0, 1]);
          break;
        }
      }
      await see(user, user.page.locator(`[data-testid="batch-row-${batchId}"][data-status="reveal-open"]`), 60_000);
      await timeTravel(clients, 601);
      await user.page.reload();
      const missed = await see(user, user.page.locator(`[data-testid="batch-row-${batchId}"][data-status="missed-reveal"]`), 60_000);
      expect(await missed.textContent()).toContain("Reveal missed");
      expect(await user.page.getByTestId("reveal-all").count()).toBe(0);
      await screenshots(user.page, "error-reveal-missed");
    });
  });

  it("finalising while the RPC refuses log reads: the activity log says the node is not answering, nothing is signed, and the retry settles it", async () => {
    const { stack, clients } = session;
    let batchId = -1;
    // The owner (account 0) finalises from the dashboard the batch whose reveal window just passed.
    await withUser(session, { account: 0, path: `/owner/tasks/${taskId}` }, async (user) => {
      await connectInjected(user);
      await (await see(user, user.page.getByTestId("tab-batches"), 60_000)).click();
      const rowButton = user.page.locator('[data-testid^="dashboard-finalise-"]').filter({ hasText: /^Finalise$/ });
      batchId = Number((await (await see(user, rowButton, 60_000)).getAttribute("data-testid"))!.replace("dashboard-finalise-", ""));
      expect(Number.isInteger(batchId)).toBe(true);
      const button = user.page.getByTestId(`dashboard-finalise-${batchId}`);
      // The node answers everything but eth_getLogs, which finalise needs for the revealed labels.
      const refuseLogReads = (route: Route) => (route.request().postData()?.includes('"method":"eth_getLogs"') ? route.abort("connectionrefused") : route.fallback());
      await user.page.route("**/*", refuseLogReads);
      try {
        await button.click();
        const failed = await see(user, user.page.getByTestId("tx-toast-failed").filter({ hasText: `Finalise batch ${batchId} of task #${taskId}` }), 60_000);
        expect(await failed.textContent()).toContain("The blockchain node (RPC) is not answering.");
        await screenshots(user.page, "error-finalise-rpc-down");
      } finally {
        await user.page.unroute("**/*", refuseLogReads);
      }
      expect(user.wallet.calls).not.toContain("eth_sendTransaction");
      await button.click();
      await confirmTx(user); // finalise
      await see(user, user.page.getByTestId("tx-toast-confirmed").filter({ hasText: `Finalise batch ${batchId} of task #${taskId}` }), 60_000);
      expect(user.errors).toEqual([]);
    });
    const settled = await clients.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "BatchFinalised", args: { taskId }, fromBlock: 0n });
    expect(settled.map((e) => e.args.batchId)).toEqual([batchId]);
  });
});
