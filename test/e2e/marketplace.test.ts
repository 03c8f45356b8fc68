// More tasks than a page: the marketplace walks every open task in the indexer's order ("Load more"), and an owner
// whose tasks are older than the newest hundred still finds all of them in the owner console. Without the indexer,
// both lists come from the chain in the same order, read by task id rather than by scanning logs.
import { describe, expect, it } from "vitest";
import { parseUnits } from "viem";
import { claimBatches, createTask, fundAccount } from "@crowdlabel/sdk/devchain";
import { connectInjected } from "./support/annotator.ts";
import { loadDigits, uploadDigitTask } from "./support/protocol.ts";
import { recordLogQueries } from "./support/rpcCalls.ts";
import { openUser, screenshots, see, useStack, type User } from "./support/session.ts";

const session = useStack();
const OLD_OWNER = 1;
const BUSY_OWNER = 2;
/** The web app's MARKETPLACE_PAGE_SIZE. */
const PAGE = 24;

type Posted = { id: bigint; owner: number; reward: bigint; gated: boolean; taken?: boolean };

/** The file names of the scripts the page has loaded so far (Vite's chunks: "<name>-<hash>.js"). */
const loadedScripts = (user: User) =>
  user.page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((entry) => new URL(entry.name).pathname.split("/").pop()!)
      .filter((name) => name.endsWith(".js")),
  );

const cardIds = (user: User) =>
  user.page.getByTestId("task-list").locator('[data-testid^="task-card-"]').evaluateAll((els) => els.map((e) => BigInt(e.getAttribute("data-testid")!.slice("task-card-".length))));

describe("the marketplace and the owner console with more tasks than a page", () => {
  const posted: Posted[] = [];

  /** Ticks "Only tasks I can take": the gated task leaves the top of the list, and so does the task whose only slot is taken. */
  async function expectOnlyEligible(user: User) {
    const gated = posted.find((t) => t.gated)!;
    await see(user, user.page.getByTestId(`task-card-${gated.id}`), 60_000);
    expect((await cardIds(user))[0]).toBe(gated.id);
    await user.page.getByLabel("Only tasks I can take").check();
    const open = byReward().filter((t) => !t.gated && !t.taken);
    await expect.poll(async () => (await cardIds(user))[0], { timeout: 30_000 }).toBe(open[0]!.id);
    expect(await cardIds(user)).toEqual(open.slice(0, PAGE).map((t) => t.id));
  }
  let visitor: User;
  const byReward = () => [...posted].sort((a, b) => (a.reward !== b.reward ? (b.reward > a.reward ? 1 : -1) : a.id > b.id ? -1 : 1));

  it("lists every open task once, highest reward first, a page at a time", async () => {
    const { stack, clients } = session;
    const { manifestCid } = await uploadDigitTask(stack, { digits: loadDigits().slice(0, 2), title: "Two digits", batchSize: 2 });
    const post = async (owner: number, reward: bigint, minLabelsRevealed = 0) => {
      const { taskId, receipt } = await createTask(clients, { owner, manifestCid, itemCount: 2, batchSize: 2, classCount: 10, redundancy: 1, minAgreement: 1, rewardPerLabel: reward, minLabelsRevealed });
      posted.push({ id: taskId, owner, reward, gated: minLabelsRevealed > 0 });
      return receipt;
    };
    const token = (amount: string) => parseUnits(amount, 18);
    await fundAccount(clients, { account: OLD_OWNER, amount: token("100") });
    await fundAccount(clients, { account: BUSY_OWNER, amount: token("1000") });
    // The old owner's two tasks come first; a hundred newer tasks follow, with four rewards between them (many ties).
    // The best paid task is for annotators with 20 labels behind them: no visitor here passes its gate.
    await post(OLD_OWNER, token("7"));
    await post(OLD_OWNER, token("0.5"));
    await post(BUSY_OWNER, token("9"), 20);
    let last = await post(BUSY_OWNER, token("1"));
    for (let k = 1; k < 100; k++) last = await post(BUSY_OWNER, token(String(1 + (k % 4))));
    await stack.indexer!.waitForBlock(last.blockNumber);

    visitor = await openUser(session, { account: 3 });
    const { page } = visitor;
    const cards = page.getByTestId("task-list").locator('[data-testid^="task-card-"]');
    await see(visitor, cards.nth(PAGE - 1), 60_000);
    expect(await cards.count()).toBe(PAGE);
    // Titles come from the indexer: the manifest schema (zod) and the UnixFS importer that verify IPFS reads stay unloaded.
    const scripts = await loadedScripts(visitor);
    expect(scripts.some((name) => name.startsWith("MarketplacePage-"))).toBe(true);
    expect(scripts.filter((name) => /^(zod|ipfs|verifiedIpfs)-/.test(name))).toEqual([]);
    await screenshots(page, "marketplace-load-more");
    for (let pages = 1; await page.getByTestId("load-more").isVisible(); pages++) {
      expect(pages).toBeLessThan(5);
      await page.getByTestId("load-more").click();
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(Math.min(posted.length, (pages + 1) * PAGE));
    }
    expect(await cardIds(visitor)).toEqual(byReward().map((t) => t.id));
  });

  it("orders by deadline on request (every task here ends a day after its block, so the oldest first), kept in the URL", async () => {
    const { page } = visitor;
    await page.getByTestId("sort").selectOption("ending");
    expect(new URL(page.url()).searchParams.get("sort")).toBe("ending");
    const first = [...posted].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, PAGE);
    const firstPage = async () => (await cardIds(visitor)).slice(0, PAGE).join(",");
    await expect.poll(firstPage, { timeout: 30_000 }).toBe(first.map((t) => t.id).join(","));
    // A reload (or a shared link) keeps the order.
    await page.reload();
    await expect.poll(firstPage, { timeout: 30_000 }).toBe(first.map((t) => t.id).join(","));
    expect(await page.getByTestId("sort").inputValue()).toBe("ending");
    await visitor.context.close();
  });

  it("'only tasks I can take' leaves out a task whose reputation gate the visitor does not pass, and one whose only slot is taken", async () => {
    // Another annotator takes the one slot of the best paid task anyone may claim.
    const best = byReward().find((t) => !t.gated)!;
    const [slot] = await claimBatches(session.clients, { annotator: 5, taskId: best.id, count: 1 });
    expect(slot?.batchId).toBe(0);
    best.taken = true;
    await session.stack.indexer!.waitForBlock(await session.clients.publicClient.getBlockNumber());
    const annotator = await openUser(session, { account: 4 });
    await connectInjected(annotator);
    await expectOnlyEligible(annotator);
    await annotator.context.close();
  });

  it("an owner whose tasks are older than the newest hundred sees all of them, and only them", async () => {
    const owner = await openUser(session, { account: OLD_OWNER, path: "/owner" });
    await connectInjected(owner);
    const mine = posted.filter((t) => t.owner === OLD_OWNER);
    for (const t of mine) await see(owner, owner.page.getByTestId(`owner-task-${t.id}`), 60_000);
    const rows = await owner.page.locator('[data-testid^="owner-task-"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
    expect(rows.sort()).toEqual(mine.map((t) => `owner-task-${t.id}`).sort());
    await owner.context.close();
  });

  it("without the indexer, the marketplace and the owner console read every task from the chain, in the same order, with no log scan", async () => {
    await session.stack.indexer!.stop();
    const reader = await openUser(session, { account: 3 });
    const logQueries = recordLogQueries(reader.page);
    await reader.page.reload();
    await see(reader, reader.page.getByTestId("indexer-fallback"), 60_000);
    // The whole list is read, and shown a page at a time like the indexer's.
    await expect.poll(async () => (await cardIds(reader)).length, { timeout: 60_000 }).toBe(PAGE);
    await screenshots(reader.page, "marketplace-chain-fallback");
    const cards = reader.page.getByTestId("task-list").locator('[data-testid^="task-card-"]');
    for (let pages = 1; await reader.page.getByTestId("load-more").isVisible(); pages++) {
      expect(pages).toBeLessThan(5);
      await reader.page.getByTestId("load-more").click();
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(Math.min(posted.length, (pages + 1) * PAGE));
    }
    expect(await cardIds(reader)).toEqual(byReward().map((t) => t.id));
    // Each card's title comes from its manifest, whose CID is in the one block its task was created in.
    await expect.poll(() => cards.last().locator("h3").textContent(), { timeout: 30_000 }).toBe("Two digits");
    expect((await loadedScripts(reader)).filter((name) => /^(zod|ipfs|verifiedIpfs)-/.test(name)).length).toBe(3);
    expect(logQueries.length).toBeGreaterThan(0);
    expect(logQueries.filter((filter) => filter.fromBlock !== filter.toBlock)).toEqual([]);
    // The filter works from the chain too (one read of the annotator's counters, then the batches of the tasks it passes).
    await connectInjected(reader);
    await expectOnlyEligible(reader);
    await reader.context.close();
    const owner = await openUser(session, { account: OLD_OWNER, path: "/owner" });
    await connectInjected(owner);
    const mine = posted.filter((t) => t.owner === OLD_OWNER);
    for (const t of mine) await see(owner, owner.page.getByTestId(`owner-task-${t.id}`), 60_000);
    expect(await owner.page.locator('[data-testid^="owner-task-"]').count()).toBe(mine.length);
    await owner.context.close();
  });
});
