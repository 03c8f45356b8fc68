// A dataset owner as users meet the app: connect, create a task from real digit images through the
// wizard with gold items, see it listed; (annotators work on chain); the dashboard's numbers match the
// chain; close and refund; reveal gold; export every format and check each file against chain + IPFS.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatUnits, parseUnits } from "viem";
import { unzipSync, strFromU8 } from "fflate";
import { aggregateDatasets, computeCid, crowdlabelAbi, testTokenAbi, fetchManifest, readDatasetSource, uploadFiles, verifyExport, type DatasetSource, type TaskManifest } from "@crowdlabel/sdk";
import { confirmTx, connectInjected } from "./support/annotator.ts";
import { claim, commit, createTask, credits, finalise, loadDigits, mined, reveal, type CommittedSlot } from "./support/protocol.ts";
import { openUser, screenshots, see, useStack, type User } from "./support/session.ts";

const session = useStack();
// Zeros and ones from the fixtures: a two-class task ("zero", "one").
const digits = loadDigits().filter((d) => d.digit <= 1);
const truth = digits.map((d) => d.digit);
const files = mkdtempSync(join(tmpdir(), "crowdlabel-owner-"));

/** The CID of task 1's manifest (created through the wizard) changed by `change`, uploaded to the stack's node. */
async function manifestLikeTheFirst(change: (manifest: TaskManifest) => TaskManifest): Promise<string> {
  const { stack, clients } = session;
  const ipfs = { apiUrl: stack.ipfs.apiUrl, gatewayUrl: stack.ipfs.gatewayUrl };
  const first = await readDatasetSource({ client: clients.publicClient, contract: stack.deployment.crowdlabel, taskId: 1n, fromBlock: BigInt(stack.deployment.startBlock), loadManifest: (cid) => fetchManifest({ config: ipfs, cid }) });
  const manifest = JSON.stringify(change(first.manifest));
  const [uploaded] = await uploadFiles({ config: ipfs, files: [{ path: "manifest.json", content: new TextEncoder().encode(manifest) }] });
  return uploaded!.cid;
}

async function download(user: User, click: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([user.page.waitForEvent("download", { timeout: 60_000 }), click()]);
  const path = join(files, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

describe("a dataset owner in the browser", () => {
  let owner: User;
  let goldFile: string | undefined;

  it("creates a task from digit images through the wizard, with gold items, and sees it listed", async () => {
    // The owner holds the reward token already (on a real chain they would have bought it).
    const { stack, clients } = session;
    await mined(clients, clients.wallet(0).writeContract({ address: stack.deployment.token, abi: testTokenAbi, functionName: "faucet", args: [clients.address(0), parseUnits("100", 18)] }));
    owner = await openUser(session, { account: 0, path: "/owner/new" });
    const { page } = owner;
    await connectInjected(owner);
    // 1. Images: real PNGs through the file picker, uploaded to IPFS.
    await page.getByTestId("file-input").setInputFiles(digits.map((d) => ({ name: d.file, mimeType: "image/png", buffer: Buffer.from(d.bytes) })));
    await (await see(owner, page.getByTestId("upload-button"))).click();
    await see(owner, page.getByTestId("uploaded-thumbs").locator("img").nth(digits.length - 1), 60_000);
    await screenshots(page, "owner-wizard-images");
    await page.getByTestId("wizard-next").click();
    // 2. Classes.
    await page.getByTestId("class-name-0").fill("zero");
    await page.getByTestId("class-name-1").fill("one");
    await page.getByTestId("wizard-next").click();
    // 3. Instructions.
    await page.getByTestId("instructions-input").fill("Press the digit you see: **0** or **1**.");
    await page.getByTestId("wizard-next").click();
    // 4. Settings, with the first two images as gold.
    await page.getByTestId("setting-title").fill("Zeros and ones");
    await page.getByTestId("setting-batchSize").fill(String(digits.length));
    await page.getByTestId("setting-redundancy").fill("3");
    await page.getByTestId("setting-maxRedundancy").fill("3");
    await page.getByTestId("setting-minAgreement").fill("2");
    await page.getByTestId("setting-reward").fill("1");
    await page.getByTestId("setting-bond").fill("0");
    await page.getByLabel("Gold answer for image 0").selectOption({ label: "zero" });
    await page.getByLabel("Gold answer for image 1").selectOption({ label: "one" });
    expect(await page.getByTestId("gold-coverage").textContent()).toBe("2 gold items chosen, in 1 of 1 batch.");
    await screenshots(page, "owner-wizard-settings");
    // "One per batch" shows the batch's first gold image; ↻ moves it to the batch's next image.
    await page.getByTestId("gold-view-spread").click();
    await see(owner, page.getByLabel("Gold answer for image 0"));
    await page.getByLabel("Another image from batch 0").click();
    await see(owner, page.getByLabel("Gold answer for image 1"));
    expect(await page.getByLabel("Gold answer for image 0").count()).toBe(0);
    await page.getByTestId("gold-view-spread").scrollIntoViewIfNeeded();
    await screenshots(page, "owner-wizard-gold-spread");
    await page.getByTestId("gold-view-all").click();
    await page.getByTestId("wizard-next").click();
    // 5. Review & create: the budget is items x R_max x reward; the gold answers download as a file.
    await see(owner, page.getByTestId("budget"));
    await screenshots(page, "owner-wizard-review");
    goldFile = await download(owner, async () => {
      await page.getByTestId("create-task").click();
      await confirmTx(owner);
    }).catch(() => undefined);
    for (let i = 0; i < 2 && !(await readTaskCount()); i++) await confirmTx(owner).catch(() => undefined);
    await expect.poll(readTaskCount, { timeout: 60_000 }).toBe(1n);

    await page.goto(`${session.stack.webUrl}/owner`);
    await see(owner, page.getByText("Zeros and ones"), 60_000);
    await screenshots(page, "owner-tasks");
    await page.goto(session.stack.webUrl!);
    await see(owner, page.getByTestId("task-list").getByText("Zeros and ones"), 60_000);
    await screenshots(page, "marketplace");
  });

  async function readTaskCount(): Promise<bigint> {
    return session.clients.publicClient.readContract({ address: session.stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" });
  }

  it("annotators work on chain; the dashboard's numbers match the chain", async () => {
    const { stack, clients } = session;
    const votes = [truth, truth, truth.map((d) => 1 - d)];
    const committed: CommittedSlot[] = [];
    for (const [i, labels] of votes.entries()) {
      const [slot] = await claim(clients, stack, i + 1, 1n);
      committed.push(await commit(clients, stack, slot!, labels, 2));
    }
    for (const c of committed) await reveal(clients, stack, c);
    const receipt = await finalise(clients, stack, { taskId: 1n, batchId: 0, revealed: [...committed].sort((a, b) => a.slot - b.slot).map((c) => c.labels) });
    await stack.indexer!.waitForBlock(receipt.blockNumber);

    const task = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [1n] });
    const { page } = owner;
    await page.goto(`${stack.webUrl}/owner/tasks/1`);
    const stat = (label: string) => page.locator(".stat", { has: page.getByText(label, { exact: true }) }).locator(".stat-value");
    await expect.poll(() => stat("Batches done").textContent(), { timeout: 60_000 }).toBe("1/1");
    await expect.poll(() => stat("Images resolved").textContent(), { timeout: 60_000 }).toBe(`${digits.length}/${digits.length}`);
    // The amount shows once the token's symbol and decimals are read.
    await expect.poll(() => stat("Paid to annotators").textContent(), { timeout: 30_000 }).toContain(formatUnits(task.paid, 18).replace(/\.0$/, ""));
    await screenshots(page, "owner-dashboard");
    // The batch table reads each batch's state from the chain once it is opened.
    await page.getByTestId("tab-batches").click();
    const batchRow = page.getByTestId("batch-table").locator("tbody tr");
    await expect.poll(() => batchRow.first().locator("td").allTextContents(), { timeout: 30_000 }).toEqual(["#0", "Done", "0", "3/3", "3", `${digits.length}/${digits.length}`, ""]);
    expect(await batchRow.count()).toBe(1);
    expect(await page.getByTestId("batch-page").count()).toBe(0); // one batch: no pager
    await screenshots(page, "owner-dashboard-batches");
    await page.getByTestId("tab-quality").click();
    // Every image is a zero or a one, so "cannot label" gets no row of smoothing noise, and the page says why.
    const confusion = page.getByRole("table", { name: "Dawid-Skene confusion matrix" });
    await expect.poll(() => confusion.locator("tbody th").allTextContents(), { timeout: 30_000 }).toEqual(["zero", "one"]);
    expect(await confusion.locator("thead th").allTextContents()).toEqual(["labelled →true ↓", "zero", "one", "cannot label"]);
    expect(await page.getByText("No row for “cannot label”: no image is estimated to be that class.").count()).toBe(1);
    // Gold check before the reveal, from the answers saved in this browser at creation (image 0 "zero", image 1 "one"):
    // consensus is the truth here, and the third annotator answered every image wrong.
    const goldAnswers = [0, 1];
    const goldRight = goldAnswers.filter((answer, i) => truth[i] === answer).length;
    const gold = page.getByTestId("gold-check");
    await expect.poll(() => gold.getByTestId("gold-consensus").locator(".stat-value").textContent(), { timeout: 30_000 }).toBe(`${goldRight}/2`);
    expect(await gold.textContent()).toContain("Answers from this browser");
    expect(await gold.getByTestId("gold-annotators").locator("tbody tr td:nth-child(2)").allTextContents()).toEqual([goldRight, goldRight, 2 - goldRight].sort().reverse().map((n) => `${n} of 2`));
    await screenshots(page, "owner-dashboard-quality");
  });

  it("closes the task and the refund is credited; reveals gold", async () => {
    const { stack, clients } = session;
    const { page } = owner;
    await page.getByTestId("tab-settle").click();
    await (await see(owner, page.getByTestId("close-task"))).click();
    await confirmTx(owner);
    const paid = BigInt(digits.length) * 2n * parseUnits("1", 18); // two agreeing annotators per image
    const funded = BigInt(digits.length) * 3n * parseUnits("1", 18);
    await expect.poll(() => credits(clients, stack, clients.address(0)), { timeout: 30_000 }).toBe(funded - paid);
    await see(owner, page.getByTestId("task-closed"), 30_000);
    expect(await page.getByTestId("close-task").count()).toBe(0);
    if (goldFile) await page.locator('input[type="file"][accept="application/json"]').setInputFiles(goldFile);
    await (await see(owner, page.getByTestId("reveal-gold"))).click();
    await confirmTx(owner);
    await see(owner, page.getByText("Gold answers revealed"), 30_000);
    await screenshots(page, "owner-settle");
    // Once revealed, the gold check reads the answers from the chain.
    await page.getByTestId("open-gold-check").click();
    await expect.poll(() => page.getByTestId("gold-check").textContent(), { timeout: 30_000 }).toContain("Answers as revealed on chain.");
    await page.getByTestId("tab-settle").click();
  });

  it("exports every format; JSONL and CSV verify against chain + IPFS, COCO matches, the HF zip's images hash to their CIDs", async () => {
    const { stack, clients } = session;
    const { page } = owner;
    const ipfs = { apiUrl: stack.ipfs.apiUrl, gatewayUrl: stack.ipfs.gatewayUrl };
    const source: DatasetSource = await readDatasetSource({
      client: clients.publicClient,
      contract: stack.deployment.crowdlabel,
      taskId: 1n,
      fromBlock: BigInt(stack.deployment.startBlock),
      loadManifest: (cid) => fetchManifest({ config: ipfs, cid }),
    });
    const exported: Record<string, string> = {};
    for (const format of ["jsonl", "csv", "coco", "hf"]) exported[format] = await download(owner, () => page.getByTestId(`export-${format}`).click());

    for (const format of ["jsonl", "csv"] as const) {
      const report = await verifyExport(source, readFileSync(exported[format]!, "utf8"), { format });
      expect(report.ok, JSON.stringify(report)).toBe(true);
    }

    const coco = JSON.parse(readFileSync(exported.coco!, "utf8")) as { images: { id: number; file_name?: string }[]; annotations: { image_id: number; category_id: number }[]; categories: { id: number; name: string }[] };
    expect(coco.images).toHaveLength(digits.length);
    expect(coco.annotations.map((a) => a.category_id)).toEqual(truth);
    expect(coco.categories.map((c) => c.name)).toEqual(expect.arrayContaining(["zero", "one", "cannot_label"]));

    const zip = unzipSync(new Uint8Array(readFileSync(exported.hf!)));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(["README.md", "train/metadata.jsonl"]));
    const metadata = strFromU8(zip["train/metadata.jsonl"]!).trim().split("\n").map((l) => JSON.parse(l) as { file_name: string; cid: string; label: number; label_name: string; index: number });
    expect(metadata).toHaveLength(digits.length);
    for (const row of metadata) {
      const image = zip[`train/${row.file_name}`];
      expect(image, row.file_name).toBeDefined();
      expect(row.file_name.split("/")[0]).toBe(row.label_name);
      expect(row.label).toBe(truth[row.index]);
      expect(await computeCid(image!, { cidVersion: 1, rawLeaves: true })).toBe(row.cid);
    }
    expect(owner.errors).toEqual([]);
  });

  it("pools the export's Dawid-Skene model with another task of the same images and classes", async () => {
    const { stack, clients } = session;
    const { page } = owner;
    const ipfs = { apiUrl: stack.ipfs.apiUrl, gatewayUrl: stack.ipfs.gatewayUrl };
    const read = (id: bigint) =>
      readDatasetSource({ client: clients.publicClient, contract: stack.deployment.crowdlabel, taskId: id, fromBlock: BigInt(stack.deployment.startBlock), loadManifest: (cid) => fetchManifest({ config: ipfs, cid }) });
    // A second task over the same manifest (a dataset split over tasks would list other images; the model is the same).
    const taskId = await createTask(clients, stack, 0, { manifestCid: (await read(1n)).manifestCid, itemCount: digits.length, batchSize: digits.length, classCount: 2, redundancy: 3, maxRedundancy: 3, minAgreement: 2 });
    expect(taskId).toBe(2n);
    const votes = [truth, truth.map((d, i) => (i % 2 === 0 ? 1 - d : d)), truth];
    const committed: CommittedSlot[] = [];
    for (const [i, labels] of votes.entries()) {
      const [slot] = await claim(clients, stack, i + 1, taskId);
      committed.push(await commit(clients, stack, slot!, labels, 2));
    }
    for (const c of committed) await reveal(clients, stack, c);
    const receipt = await finalise(clients, stack, { taskId, batchId: 0, revealed: [...committed].sort((a, b) => a.slot - b.slot).map((c) => c.labels) });
    await stack.indexer!.waitForBlock(receipt.blockNumber);

    await page.goto(`${stack.webUrl}/owner/tasks/1`);
    await page.getByTestId("tab-settle").click();
    await (await see(owner, page.getByTestId("pool-task-2"), 60_000)).check();
    await expect.poll(() => page.getByTestId("pool-status").textContent(), { timeout: 60_000 }).toContain(`Dawid-Skene fitted over 2 tasks: ${6 * digits.length} labels from 3 annotators.`);
    await screenshots(page, "owner-export-pool");

    const [one, two] = await Promise.all([read(1n), read(2n)]);
    const expected = aggregateDatasets([one, two]).byTask.get(1n)!;
    const jsonl = await download(owner, () => page.getByTestId("export-jsonl").click());
    const lines = readFileSync(jsonl, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { dawidSkene: { classId: number; posterior: number } });
    expect(lines.map((l) => l.dawidSkene.classId)).toEqual(expected.labels);
    expect(lines.map((l) => l.dawidSkene.posterior)).toEqual(expected.labels.map((c, i) => Math.round(expected.posteriors[i * 3 + c!]! * 1e6) / 1e6));
    const report = await verifyExport(one, readFileSync(jsonl, "utf8"), { format: "jsonl" });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const coco = JSON.parse(readFileSync(await download(owner, () => page.getByTestId("export-coco").click()), "utf8")) as { info: { crowdlabel: { dawidSkenePooledWith?: string[] } } };
    expect(coco.info.crowdlabel.dawidSkenePooledWith).toEqual(["2"]);
    expect(owner.errors).toEqual([]);
  });

  it("settles every batch whose reveals are in from the dashboard, with one confirmation, skipping one settled meanwhile", async () => {
    const { stack, clients } = session;
    const { page } = owner;
    // One image per batch, two labels each: one finaliseBatches settles them all.
    const manifestCid = await manifestLikeTheFirst((m) => ({ ...m, title: "Zeros and ones, one per batch", batchSize: 1 }));
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: digits.length, batchSize: 1, classCount: 2, redundancy: 2, maxRedundancy: 2, minAgreement: 2 });
    const committed: CommittedSlot[] = [];
    for (const annotator of [1, 2]) {
      const slots = await claim(clients, stack, annotator, taskId, digits.length);
      expect(slots.length).toBe(digits.length);
      for (const slot of slots) committed.push(await commit(clients, stack, slot, [truth[slot.batchId]!], 2));
    }
    for (const c of committed) await reveal(clients, stack, c);

    await page.goto(`${stack.webUrl}/owner/tasks/${taskId}`);
    await (await see(owner, page.getByTestId("tab-batches"), 60_000)).click();
    const all = await see(owner, page.getByTestId("dashboard-finalise-all"), 30_000);
    expect(await all.textContent()).toBe(`Finalise ${digits.length} batches`);
    await see(owner, page.getByRole("heading", { name: "Zeros and ones, one per batch" }), 30_000);
    expect(await page.getByText("does not match the task on chain").count()).toBe(0);
    await screenshots(page, "owner-dashboard-finalise-all");
    await all.click();
    const dialog = await see(owner, page.getByRole("dialog"));
    expect(await dialog.textContent()).toContain("One transaction settles them all; a batch someone else settles first is skipped.");
    // While the dialog is open, another account settles batch 2: the run skips it and settles the others.
    const batch2 = committed.filter((c) => c.batchId === 2).sort((a, b) => a.slot - b.slot);
    await finalise(clients, stack, { taskId, batchId: 2, revealed: batch2.map((c) => c.labels), by: 3 });
    await confirmTx(owner);
    // One confirmation, then every batch settles; no second dialog is shown.
    const phases = page.getByTestId("batch-table").locator("tbody tr td:nth-child(2)");
    await expect.poll(() => phases.allTextContents(), { timeout: 90_000 }).toEqual(digits.map(() => "Done"));
    expect(await page.getByTestId("tx-confirm-button").count()).toBe(0);
    const task = await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
    expect([task.doneBatches, task.pendingBatches]).toEqual([digits.length, 0]);
    expect(await page.getByTestId("dashboard-finalise-all").count()).toBe(0);
    // The owner's one finaliseBatches settled every batch but the one settled by account 3.
    const settled = await clients.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "BatchFinalised", args: { taskId }, fromBlock: 0n });
    const byOwner = settled.filter((e) => e.args.batchId !== 2);
    expect(byOwner.map((e) => e.args.batchId).sort()).toEqual(digits.map((_, i) => i).filter((i) => i !== 2));
    expect(new Set(byOwner.map((e) => e.transactionHash)).size).toBe(1);
    expect(owner.errors).toEqual([]);
  });

  it("with more batches than a page, settles the ready batches of every page from one button, and says when none is ready", async () => {
    const { stack, clients } = session;
    const { page } = owner;
    // Sixty one-image batches (the same images again under other names): two pages of the batch table.
    const manifestCid = await manifestLikeTheFirst((m) => ({
      ...m,
      title: "Sixty batches",
      batchSize: 1,
      items: Array.from({ length: 60 }, (_, i) => ({ ...m.items[i % m.items.length]!, filename: `copy-${i}.png` })),
    }));
    const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: 60, batchSize: 1, classCount: 2, redundancy: 1, maxRedundancy: 1, minAgreement: 1 });
    // One annotator labels four batches, wherever the draw put them, and reveals three: three ready, one revealing.
    const slots = await claim(clients, stack, 1, taskId, 4);
    expect(slots).toHaveLength(4);
    const committed: CommittedSlot[] = [];
    for (const slot of slots) committed.push(await commit(clients, stack, slot, [0], 2));
    for (const c of committed.slice(0, 3)) await reveal(clients, stack, c);

    await page.goto(`${stack.webUrl}/owner/tasks/${taskId}`);
    await (await see(owner, page.getByTestId("tab-batches"), 60_000)).click();
    const button = await see(owner, page.getByTestId("dashboard-finalise-task"), 30_000);
    expect(await page.getByTestId("finalise-other-pages").textContent()).toContain("4 batches of this task have commits not finalised yet");
    await screenshots(page, "owner-dashboard-finalise-task");
    await button.click();
    expect(await (await see(owner, page.getByRole("dialog"))).textContent()).toContain("Finalise 3 batches of task");
    await confirmTx(owner);
    const pending = async () => (await clients.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] })).pendingBatches;
    await expect.poll(pending, { timeout: 60_000 }).toBe(1);
    const settled = await clients.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "BatchFinalised", args: { taskId }, fromBlock: 0n });
    expect(settled.map((e) => e.args.batchId!).sort((a, b) => a - b)).toEqual(committed.slice(0, 3).map((c) => c.batchId).sort((a, b) => a - b));
    expect(new Set(settled.map((e) => e.transactionHash)).size).toBe(1);

    // Only the unrevealed batch is left, in its reveal window: nothing is sent and the note says when it ends.
    await (await see(owner, page.getByTestId("dashboard-finalise-task"))).click();
    const note = await see(owner, page.getByTestId("finalise-task-note"), 30_000);
    expect(await note.textContent()).toMatch(/^No batch of this task can be finalised now: 1 batch being revealed \(the first reveal window ends in \d+[hm]/);
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(owner.errors).toEqual([]);
  });
});
