import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  aggregateDataset,
  aggregateDatasets,
  computeCid,
  crowdlabelAbi,
  datasetStats,
  dawidSkene,
  exportDataset,
  fetchManifest,
  poolCrowdLabels,
  readDatasetSource,
  revealedVectors,
} from "@crowdlabel/sdk";
import { writeCrowdlabel } from "@crowdlabel/sdk/devchain";
import type { Hex } from "viem";
import { strFromU8, unzipSync } from "fflate";
import { startIndexer, type IndexerProcess } from "./helpers/indexerProcess.ts";
import { Protocol, sampleManifest } from "./helpers/protocol.ts";
import { ipfsAdd, startStack, type Stack } from "./helpers/stack.ts";

// One chain, one IPFS node, several indexer processes: the lifecycle with exact API values, then
// restart, wipe + re-index, IPFS outage and a reorg, in that order (each step builds on the chain state).

let stack: Stack;
let p: Protocol;
let indexer: IndexerProcess;
let dataDir: string;
const dirs: string[] = [];
const extra: IndexerProcess[] = [];

const OWNER = 0;
const [A1, A2, A3, CONST, COPY1, COPY2, NEWBIE] = [1, 2, 3, 4, 5, 6, 7];
const GOLD = { items: [0, 2, 3], labels: [1, 0, 0], salt: `0x${"ab".repeat(32)}` as Hex };

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "crowdlabel-indexer-test-"));
  dirs.push(dir);
  return dir;
}

async function launch(dir: string): Promise<IndexerProcess> {
  const running = await startIndexer({ deployment: stack.deployment, rpcUrl: stack.anvil.rpcUrl, gatewayUrl: stack.ipfs.gatewayUrl, dataDir: dir });
  extra.push(running);
  return running;
}

async function synced(ix: IndexerProcess = indexer) {
  await ix.waitForBlock(await p.blockNumber());
}

const addr = (i: number) => p.address(i).toLowerCase();

/** A task as the CLI reads it: chain logs and the verified manifest, no indexer. */
const readFromChain = (taskId: bigint) =>
  readDatasetSource({
    client: p.publicClient,
    contract: stack.deployment.crowdlabel,
    taskId,
    fromBlock: 0n,
    loadManifest: (cid) => fetchManifest({ config: { apiUrl: stack.ipfs.apiUrl, gatewayUrl: stack.ipfs.gatewayUrl }, cid }),
  });

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

beforeAll(async () => {
  stack = await startStack();
  p = new Protocol(stack.deployment, stack.anvil.rpcUrl, stack.ipfs.apiUrl);
  // The manifest's items all point at this content; the HF export fetches it.
  await ipfsAdd(stack.ipfs.apiUrl, "hello world\n");
  for (const i of [OWNER, A1, A2, A3, CONST, COPY1, COPY2, NEWBIE]) await p.fund(i, 10n ** 12n);
  dataDir = await tempDir();
  indexer = await launch(dataDir);
});

afterAll(async () => {
  for (const ix of extra) await ix.stop();
  await stack?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("task lifecycle", () => {
  let taskA: bigint;

  test("a created task is indexed with its manifest and all batches claimable", async () => {
    ({ taskId: taskA } = await p.createTask(OWNER, { itemCount: 6, batchSize: 3, gold: GOLD }));
    await synced();
    const [created] = await p.publicClient.getContractEvents({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, eventName: "TaskCreated", args: { taskId: taskA }, fromBlock: 0n });
    const { status, body } = await indexer.get<Record<string, unknown>>(`/api/tasks/${taskA}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: String(taskA),
      owner: addr(OWNER),
      token: stack.deployment.token.toLowerCase(),
      title: "Digits 6",
      manifestError: null,
      itemCount: 6,
      batchSize: 3,
      batchCount: 2,
      classCount: 3,
      redundancy: 3,
      maxRedundancy: 3,
      minAgreement: 2,
      rewardPerLabel: "1000",
      bondPerClaim: "100",
      closed: false,
      funded: "18000",
      paid: "0",
      itemsResolved: 0,
      labelsRevealed: 0,
      batchesDone: 0,
      createdBlock: String(created!.blockNumber),
      goldRevealed: false,
      progress: { batches: { open: 2, reveal: 0, finalisable: 0, done: 0 }, itemsResolved: 0, itemsUnresolvedFinal: 0 },
    });
    const next = await indexer.get(`/api/tasks/${taskA}/next-batches?address=${addr(A1)}`);
    expect(next.body).toEqual({ eligible: true, reason: null, claimableSlots: 6, openBatches: 2, blocked: { done: 0, reveal: 0, "round-ending": 0, held: 0, full: 0 }, nextFreeAt: null, nextRoundAt: null });
  });

  test("claims, commits, reveals and finalisations produce exact consensus, payouts and stats", async () => {
    const truth = [
      [1, 2, 0],
      [0, 1, 2],
    ];
    const labelsOf = (annotator: number, batchId: number) => (annotator === A3 && batchId === 0 ? [1, 2, 1] : truth[batchId]!);
    for (const a of [A1, A2, A3]) expect((await p.claim(a, taskA, 2)).sort()).toEqual([0, 1]);
    await synced();
    expect((await indexer.get(`/api/tasks/${taskA}/next-batches?address=${addr(A1)}`)).body).toEqual({
      eligible: true,
      reason: null,
      claimableSlots: 0,
      openBatches: 0,
      blocked: { done: 0, reveal: 0, "round-ending": 0, held: 2, full: 0 },
      nextFreeAt: null,
      nextRoundAt: null,
    });
    const claimed = await indexer.get<{ items: { state: string; taskId: string; expiresAt: number }[] }>(`/api/annotators/${addr(A1)}/slots?status=claimed`);
    expect(claimed.body.items.map((s) => s.state)).toEqual(["claimed", "claimed"]);
    // An annotator without a slot finds every round full, and learns when the first claim on it expires.
    const full = await indexer.get<{ openBatches: number; nextFreeAt: number }>(`/api/tasks/${taskA}/next-batches?address=${addr(CONST)}`);
    expect(full.body).toMatchObject({ openBatches: 0, claimableSlots: 0, blocked: { done: 0, reveal: 0, "round-ending": 0, held: 0, full: 2 } });
    expect(full.body.nextFreeAt).toBe(Math.min(...claimed.body.items.map((s) => s.expiresAt)));

    await p.increaseTime(120); // a human pace: 40 s per item
    for (const a of [A1, A2, A3]) await p.commit(a, [0, 1].map((batchId) => ({ taskId: taskA, batchId, labels: labelsOf(a, batchId) })));
    await synced();
    const pending = await indexer.get<{ items: { state: string; revealOpensAt: number | null; revealDeadline: number | null }[] }>(`/api/annotators/${addr(A1)}/slots?status=committed`);
    expect(pending.body.items).toHaveLength(2);
    expect(pending.body.items[0]!.revealDeadline! - pending.body.items[0]!.revealOpensAt!).toBe(3600);

    for (const a of [A1, A2, A3]) await p.reveal(a, [0, 1].map((batchId) => ({ taskId: taskA, batchId, labels: labelsOf(a, batchId) })));
    await synced();
    const mid = await indexer.get<{ progress: { batches: Record<string, number> } }>(`/api/tasks/${taskA}`);
    expect(mid.body.progress.batches).toEqual({ open: 0, reveal: 0, finalisable: 2, done: 0 });

    await p.finalise(NEWBIE, taskA, 0);
    await p.finalise(NEWBIE, taskA, 1);
    await synced();

    const detail = await indexer.get<Record<string, unknown>>(`/api/tasks/${taskA}`);
    expect(detail.body).toMatchObject({
      paid: "17000",
      itemsResolved: 6,
      labelsRevealed: 18,
      batchesDone: 2,
      progress: { batches: { open: 0, reveal: 0, finalisable: 0, done: 2 }, itemsResolved: 6, itemsUnresolvedFinal: 0 },
      agreement: { meanTopShare: 0.944444, unanimousShare: 0.833333 },
    });

    const stats = await indexer.get<Record<string, unknown>>(`/api/tasks/${taskA}/stats`);
    expect(stats.body).toMatchObject({
      classDistribution: [
        { classId: 0, name: "digit-0", count: 2 },
        { classId: 1, name: "digit-1", count: 2 },
        { classId: 2, name: "digit-2", count: 2 },
        { classId: 3, name: "cannot_label", count: 0 },
      ],
      confusionMatrix: {
        classes: ["digit-0", "digit-1", "digit-2", "cannot_label"],
        matrix: [
          [5, 1, 0, 0],
          [0, 6, 0, 0],
          [0, 0, 6, 0],
          [0, 0, 0, 0],
        ],
      },
      unresolvedItems: [],
      spend: { funded: "18000", paid: "17000", bondsForfeited: "0" },
    });
    const histogram = (stats.body.agreementHistogram as { bucket: number; count: number }[]).filter((b) => b.count > 0);
    expect(histogram).toEqual([
      { bucket: 0.6, count: 1 },
      { bucket: 0.9, count: 5 },
    ]);
    expect((stats.body.progressOverTime as { itemsResolved: number; labelsRevealed: number }[]).map((s) => [s.itemsResolved, s.labelsRevealed])).toEqual([
      [3, 18],
      [6, 18],
    ]);

    const batches = await indexer.get<{ items: { batchId: number; phase: string; slots: { annotator: string; state: string }[]; resolvedMask: string; consensus: string; finalisedTx: string | null }[] }>(
      `/api/tasks/${taskA}/batches?limit=1`,
    );
    expect(batches.body.items).toHaveLength(1);
    expect(batches.body.items[0]).toMatchObject({ batchId: 0, phase: "done", resolvedMask: "7", consensus: "0x010200" });
    expect(batches.body.items[0]!.slots.map((s) => s.state)).toEqual(["revealed", "revealed", "revealed"]);
    expect(batches.body.items[0]!.finalisedTx).toMatch(/^0x[0-9a-f]{64}$/);
  });

  test("close, gold reveal, dataset publication and withdrawal are reflected", async () => {
    await p.close(OWNER, taskA);
    await p.revealGold(OWNER, taskA, GOLD);
    const datasetCid = await computeCid(new TextEncoder().encode("dataset"));
    await p.publishDataset(OWNER, taskA, datasetCid);
    await p.withdraw(A1);
    await synced();
    const detail = await indexer.get<Record<string, unknown>>(`/api/tasks/${taskA}`);
    expect(detail.body).toMatchObject({ closed: true, refund: "1000", goldRevealed: true, datasetCid });

    const a3 = await indexer.get<Record<string, unknown> & { reputation: { score: number; breakdown: Record<string, number | null>; weights: Record<string, number>; confidenceLabels: number } }>(`/api/annotators/${addr(A3)}`);
    expect(a3.body).toMatchObject({
      address: addr(A3),
      labelsRevealed: 6,
      labelsAgreed: 5,
      tasksWorked: 1,
      earnings: [{ token: stack.deployment.token.toLowerCase(), amount: "5000" }],
      claimable: [{ token: stack.deployment.token.toLowerCase(), amount: "5200" }],
      pendingReveals: [],
    });
    expect(a3.body.reputation.breakdown.consensusAgreement).toBe(0.75); // (5 + 1) / (6 + 2)
    expect(a3.body.reputation.breakdown.goldAccuracy).toBe(0.6); // (2 + 1) / (3 + 2)
    expect(a3.body.reputation.breakdown.dsSkill).toBeGreaterThan(0);
    expect(a3.body.reputation.weights).toEqual({ consensusAgreement: 0.15, peerPrediction: 0.15, goldAccuracy: 0.35, dsSkill: 0.35 });
    expect(a3.body.reputation.confidenceLabels).toBe(50);

    const a1 = await indexer.get<{ earnings: unknown; claimable: unknown; reputation: { score: number; breakdown: { goldAccuracy: number } } }>(`/api/annotators/${addr(A1)}`);
    expect(a1.body.earnings).toEqual([{ token: stack.deployment.token.toLowerCase(), amount: "6000" }]);
    expect(a1.body.claimable).toEqual([]);
    expect(await p.credits(A1)).toBe(0n);
    expect(a1.body.reputation.breakdown.goldAccuracy).toBe(0.8); // (3 + 1) / (3 + 2)
    expect(a1.body.reputation.score).toBeGreaterThan(a3.body.reputation.score);

    const board = await indexer.get<{ items: { rank: number; address: string; score: number }[]; nextCursor: string | null }>("/api/leaderboard?limit=2");
    expect(board.body.items.map((r) => r.rank)).toEqual([1, 2]);
    expect(board.body.items.map((r) => r.address).sort()).toEqual([addr(A1), addr(A2)].sort());
    const page2 = await indexer.get<{ items: { rank: number; address: string }[] }>(`/api/leaderboard?limit=2&cursor=${board.body.nextCursor}`);
    expect(page2.body.items).toEqual([expect.objectContaining({ rank: 3, address: addr(A3) })]);
    // Each profile knows its place on the board, as the board orders it.
    for (const row of [...board.body.items, ...page2.body.items]) {
      const profile = await indexer.get<{ leaderboardRank: number | null; leaderboardSize: number }>(`/api/annotators/${row.address}`);
      expect(profile.body).toMatchObject({ leaderboardRank: row.rank, leaderboardSize: 3 });
    }
    const offBoard = await indexer.get<{ leaderboardRank: number | null; leaderboardSize: number }>(`/api/annotators/${addr(NEWBIE)}`);
    expect(offBoard.body).toMatchObject({ leaderboardRank: null, leaderboardSize: 3 });
  });

  test("exports stream JSONL, CSV, COCO and HF zip through the sdk exporters", async () => {
    const jsonl = await fetch(`${indexer.url}/api/tasks/${taskA}/export?format=jsonl`);
    expect(jsonl.headers.get("content-disposition")).toBe(`attachment; filename="crowdlabel-task-${taskA}.jsonl"`);
    const lines = (await jsonl.text()).trim().split("\n").map((l) => JSON.parse(l) as { index: number; consensus: { classId: number; name: string }; votes: unknown[] });
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatchObject({ index: 2, consensus: { classId: 0, name: "digit-0" } });
    expect(lines[2]!.votes).toHaveLength(3);
    const csv = await (await fetch(`${indexer.url}/api/tasks/${taskA}/export?format=csv`)).text();
    expect(csv.split("\n")[0]).toContain("consensus_class");
    expect(csv.trim().split("\n")).toHaveLength(7);
    const coco = (await (await fetch(`${indexer.url}/api/tasks/${taskA}/export?format=coco`)).json()) as { images: unknown[]; annotations: unknown[] };
    expect(coco.images).toHaveLength(6);
    expect(coco.annotations).toHaveLength(6);
    const zip = new Uint8Array(await (await fetch(`${indexer.url}/api/tasks/${taskA}/export?format=hf`)).arrayBuffer());
    expect([zip[0], zip[1]]).toEqual([0x50, 0x4b]); // "PK"
    // The dataset card checks the consensus against the gold answers revealed on chain, as the chain's own logs give them.
    const fromChain = await readFromChain(taskA);
    const gold = datasetStats(fromChain, aggregateDataset(fromChain)).gold!;
    expect(gold).toMatchObject({ items: 3, resolved: 3 });
    const card = strFromU8(unzipSync(zip)["README.md"]!);
    expect(card).toContain(`- Gold: the owner answered 3 images in advance (committed at creation, revealed on chain). Consensus matches ${gold.consensusCorrect} of the ${gold.resolved} resolved`);
    const bad = await indexer.get(`/api/tasks/${taskA}/export?format=xml`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: "invalid_format", message: expect.stringContaining("jsonl") } });
  });

  test("the indexer's exports are byte for byte the CLI's (chain logs + the same sdk exporters)", async () => {
    const source = await readFromChain(taskA);
    for (const format of ["jsonl", "csv", "coco"] as const) {
      let cli = "";
      for await (const chunk of exportDataset(source, { format, aggregation: aggregateDataset(source) })) cli += chunk as string;
      const served = await (await fetch(`${indexer.url}/api/tasks/${taskA}/export?format=${format}`)).text();
      expect(served, format).toBe(cli);
    }
  });

  test("an export can fit its Dawid-Skene columns over other tasks of the same classes (pool)", async () => {
    // Same three classes as task A, other votes on the same images: the pooled model sees both tasks' annotators.
    const { taskId } = await p.createTask(OWNER, { itemCount: 3, batchSize: 3 });
    for (const a of [A1, A2, A3]) await p.claim(a, taskId, 1);
    const votes: Record<number, number[]> = { [A1]: [1, 0, 2], [A2]: [1, 0, 0], [A3]: [1, 1, 2] };
    for (const a of [A1, A2, A3]) await p.commit(a, [{ taskId, batchId: 0, labels: votes[a]! }]);
    for (const a of [A1, A2, A3]) await p.reveal(a, [{ taskId, batchId: 0, labels: votes[a]! }]);
    await p.finalise(NEWBIE, taskId, 0);
    const { taskId: binary } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, classCount: 2 });
    await synced();

    const read = readFromChain;
    const expected = aggregateDatasets([await read(taskId), await read(taskA)]).byTask.get(taskId)!;
    const jsonl = await fetch(`${indexer.url}/api/tasks/${taskId}/export?format=jsonl&pool=${taskA}`);
    expect(jsonl.status).toBe(200);
    const lines = (await jsonl.text()).trim().split("\n").map((l) => JSON.parse(l) as { dawidSkene: { classId: number; posterior: number } });
    expect(lines.map((l) => l.dawidSkene.classId)).toEqual(expected.labels);
    expect(lines.map((l) => l.dawidSkene.posterior)).toEqual(expected.labels.map((c, i) => Math.round(expected.posteriors[i * 4 + c!]! * 1e6) / 1e6));
    const coco = (await (await fetch(`${indexer.url}/api/tasks/${taskId}/export?format=coco&pool=${taskA},${taskId}`)).json()) as { info: { crowdlabel: { dawidSkenePooledWith?: string[] } } };
    expect(coco.info.crowdlabel.dawidSkenePooledWith).toEqual([String(taskA)]);
    // Pooling with itself only is the plain export.
    const plain = await (await fetch(`${indexer.url}/api/tasks/${taskId}/export?format=csv`)).text();
    expect(await (await fetch(`${indexer.url}/api/tasks/${taskId}/export?format=csv&pool=${taskId}`)).text()).toBe(plain);

    const mismatch = await indexer.get(`/api/tasks/${taskId}/export?format=jsonl&pool=${binary}`);
    expect(mismatch.status).toBe(409);
    expect(mismatch.body).toEqual({ error: { code: "pool_mismatch", message: `Task ${binary} labels with other classes than task ${taskId}. Task ${taskId}: digit-0, digit-1, digit-2; task ${binary}: digit-0, digit-1. Only tasks with the same classes, in the same order, can share a worker model.` } });
    const garbled = await indexer.get(`/api/tasks/${taskId}/export?pool=1;2`);
    expect(garbled.status).toBe(400);
    expect(garbled.body).toEqual({ error: { code: "invalid_task_id", message: 'task_id must be a non-negative decimal integer, got "1;2"' } });
    expect((await indexer.get(`/api/tasks/${taskId}/export?pool=99999`)).status).toBe(404);

    // Reputation fits one worker model over every task of the owner with three classes (the binary task is another
    // pool): each annotator's skill is the sdk's Dawid-Skene over both tasks' labels, each task position its own item.
    const sources = [await read(taskA), await read(taskId)];
    const data = poolCrowdLabels(
      sources.map((s) => ({ itemKeys: Array.from({ length: s.task.itemCount }, (_, i) => `${s.task.id}#${i}`), vectors: revealedVectors(s) })),
      4,
    );
    const model = dawidSkene(data, { maxIterations: 50 });
    for (const a of [A1, A2, A3]) {
      const profile = await indexer.get<{ reputation: { breakdown: { dsSkill: number } }; skillPools: unknown[] }>(`/api/annotators/${addr(a)}`);
      const w = data.workerIds.indexOf(addr(a));
      expect(profile.body.reputation.breakdown.dsSkill).toBeCloseTo(model.workerSkill[w]!, 9);
      expect(profile.body.skillPools).toEqual([
        { owner: addr(OWNER), classCount: 3, classes: ["digit-0", "digit-1", "digit-2"], skill: expect.closeTo(model.workerSkill[w]!, 9), labels: 9, tasks: 2 },
      ]);
    }
  });

  test("the reputation gate follows the mirrored on-chain counters", async () => {
    const { taskId } = await p.createTask(OWNER, { itemCount: 3, batchSize: 3, minLabelsRevealed: 6, minAgreementBps: 9000 });
    await synced();
    const forA1 = await indexer.get<{ items: { id: string; eligible: boolean }[] }>(`/api/tasks?eligibleFor=${addr(A1)}`);
    expect(forA1.body.items.map((t) => [t.id, t.eligible])).toContainEqual([String(taskId), true]);
    const forA3 = await indexer.get<{ items: { id: string }[] }>(`/api/tasks?eligibleFor=${addr(A3)}`);
    expect(forA3.body.items.map((t) => t.id)).not.toContain(String(taskId));
    const next = await indexer.get<{ eligible: boolean; reason: string }>(`/api/tasks/${taskId}/next-batches?address=${addr(A3)}`);
    expect(next.body.eligible).toBe(false);
    expect(next.body.reason).toContain("reputation gate");
    const closed = await indexer.get<{ items: { id: string }[] }>("/api/tasks?status=closed");
    expect(closed.body.items.map((t) => t.id)).toEqual([String(taskA)]);
  });

  test("the task list filters by owner and pages through each sort order by keyset", async () => {
    const OTHER_OWNER = A2;
    // 4 items: a 2-item manifest must stay missing from IPFS for the "manifest missing" test below.
    const now = Number((await p.publicClient.getBlock()).timestamp);
    const { taskId: cheapSoon } = await p.createTask(OTHER_OWNER, { itemCount: 4, batchSize: 4, rewardPerLabel: 2_000n, deadline: now + 3_600 });
    const { taskId: richLate } = await p.createTask(OTHER_OWNER, { itemCount: 4, batchSize: 4, rewardPerLabel: 3_000n, deadline: now + 7_200 });
    const { taskId: cheapLate } = await p.createTask(OTHER_OWNER, { itemCount: 4, batchSize: 4, rewardPerLabel: 2_000n, deadline: now + 7_200 });
    await synced();
    type Page = { items: { id: string; owner: string }[]; nextCursor: string | null };
    const pages = async (query: string, limit: number) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body }: { status: number; body: Page } = await indexer.get<Page>(`/api/tasks?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(limit);
        ids.push(...body.items.map((t) => t.id));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    };
    const mine = `owner=${addr(OTHER_OWNER)}&status=all`;
    expect(await pages(`${mine}&sort=newest`, 2)).toEqual([cheapLate, richLate, cheapSoon].map(String));
    // Equal rewards fall back to the newer task first; a page of one item still walks every task once.
    expect(await pages(`${mine}&sort=reward`, 1)).toEqual([richLate, cheapLate, cheapSoon].map(String));
    // Equal deadlines fall back to the older task first.
    expect(await pages(`${mine}&sort=ending`, 1)).toEqual([cheapSoon, richLate, cheapLate].map(String));
    const ownersTasks = (await indexer.get<Page>(`/api/tasks?owner=${addr(OWNER)}&status=all&limit=200`)).body.items;
    expect(ownersTasks.length).toBeGreaterThan(3);
    expect(new Set(ownersTasks.map((t) => t.owner))).toEqual(new Set([addr(OWNER)]));
    // The whole list by reward is in order: non-increasing reward, ids descending within a reward.
    const all = (await indexer.get<{ items: { id: string; rewardPerLabel: string }[] }>("/api/tasks?status=all&sort=reward&limit=200")).body.items;
    expect(all.length).toBe(ownersTasks.length + 3);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(BigInt(a.rewardPerLabel) > BigInt(b.rewardPerLabel) || (a.rewardPerLabel === b.rewardPerLabel && BigInt(a.id) > BigInt(b.id))).toBe(true);
    }
    const first = (await indexer.get<Page>(`/api/tasks?${mine}&sort=reward&limit=1`)).body;
    const wrongSort = await indexer.get(`/api/tasks?${mine}&sort=ending&limit=1&cursor=${first.nextCursor}`);
    expect(wrongSort.status).toBe(400);
    expect(wrongSort.body).toEqual({ error: { code: "invalid_cursor", message: "cursor belongs to sort=reward, not sort=ending" } });
  });

  test("a task with an invalid manifest is indexed and flagged", async () => {
    const cid = await p.uploadManifest({ version: 1, title: "" });
    const { taskId } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, manifestCid: cid });
    const mismatched = await p.uploadManifest(sampleManifest(5, 2, 3));
    const { taskId: wrongCount } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, manifestCid: mismatched });
    await synced();
    const { body } = await indexer.get<{ manifest: unknown; manifestError: string; title: string | null }>(`/api/tasks/${taskId}`);
    expect(body.manifest).toBeNull();
    expect(body.title).toBeNull();
    expect(body.manifestError).toMatch(/^invalid: /);
    const second = await indexer.get<{ manifestError: string }>(`/api/tasks/${wrongCount}`);
    expect(second.body.manifestError).toBe("invalid: manifest does not match the task (5 items, task has 2)");
    // Text that is no CID names no content, even when it is a cached CID with a character more.
    const { taskId: notACid } = await p.createTask(OWNER, { itemCount: 5, batchSize: 2, manifestCid: `${mismatched}!` });
    await synced();
    const third = await indexer.get<{ manifestError: string; title: string | null }>(`/api/tasks/${notACid}`);
    expect(third.body).toMatchObject({ manifestError: `invalid: Invalid CID ${mismatched}!.`, title: null });
    const exported = await indexer.get(`/api/tasks/${taskId}/export?format=csv`);
    expect(exported.status).toBe(409);
  });

  test("a manifest missing from IPFS is flagged unavailable and picked up once it appears", async () => {
    const manifest = JSON.stringify(sampleManifest(2, 2, 3));
    const cid = await computeCid(new TextEncoder().encode(manifest), { cidVersion: 0, rawLeaves: false });
    const { taskId } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, manifestCid: cid });
    await synced();
    const before = await indexer.get<{ manifestError: string }>(`/api/tasks/${taskId}`);
    expect(before.body.manifestError).toMatch(/^unavailable: /);
    expect(await ipfsAdd(stack.ipfs.apiUrl, manifest)).toBe(cid);
    await expect
      .poll(async () => (await indexer.get<{ manifestError: string | null; title: string | null }>(`/api/tasks/${taskId}`)).body, { timeout: 15_000, interval: 1_000 })
      .toMatchObject({ manifestError: null, title: "Digits 2" });
  });

  test("suspicious patterns are flagged: identical vectors across wallets and inhumanly fast commits", async () => {
    const { taskId } = await p.createTask(OWNER, { itemCount: 9, batchSize: 3 });
    expect((await p.claim(CONST, taskId, 3)).sort()).toEqual([0, 1, 2]);
    await p.commit(CONST, [0, 1, 2].map((batchId) => ({ taskId, batchId, labels: [0, 0, 0] })));
    await p.claim(COPY1, taskId, 3);
    await p.claim(COPY2, taskId, 3);
    await p.increaseTime(100);
    for (const a of [COPY1, COPY2]) await p.commit(a, [0, 1, 2].map((batchId) => ({ taskId, batchId, labels: [2, 2, 1] })));
    for (const a of [CONST, COPY1, COPY2]) await p.reveal(a, [0, 1, 2].map((batchId) => ({ taskId, batchId, labels: a === CONST ? [0, 0, 0] : [2, 2, 1] })));
    for (const batchId of [0, 1, 2]) await p.finalise(NEWBIE, taskId, batchId);
    await synced();
    const flags = await indexer.get<{ items: { kind: string; severity: string; annotators: string[] }[] }>(`/api/tasks/${taskId}/flags`);
    const kinds = flags.body.items.map((f) => [f.kind, f.severity, f.annotators.join(",")]);
    expect(kinds).toContainEqual(["too-fast", "high", addr(CONST)]);
    expect(kinds).toContainEqual(["identical-vectors", "medium", [addr(COPY1), addr(COPY2)].sort().join(",")]);
    expect(kinds).toHaveLength(2);
    // The constant answerer never matches a peer on the same item more than on a random one.
    const constant = await indexer.get<{ reputation: { breakdown: { peerPrediction: number } } }>(`/api/annotators/${addr(CONST)}`);
    expect(constant.body.reputation.breakdown.peerPrediction).toBe(0);
  });

  test("any origin may read the API: the app can call the indexer directly, without a proxy", async () => {
    const origin = "https://labels.example";
    const preflight = await fetch(`${indexer.url}/api/tasks`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    for (const path of ["/api/tasks", "/health"]) {
      const answer = await fetch(`${indexer.url}${path}`, { headers: { origin } });
      expect(answer.headers.get("access-control-allow-origin"), path).toBe("*");
    }
  });

  test("task charts count resolved images and list finalised ones left without consensus", async () => {
    // Another owner and two classes: no pool or counter a later test reads changes (and a manifest no other test uploads).
    const { taskId } = await p.createTask(NEWBIE, { itemCount: 4, batchSize: 4, classCount: 2 });
    const votes: Record<number, number[]> = { [CONST]: [0, 0, 0, 0], [COPY1]: [0, 1, 1, 1], [COPY2]: [0, 1, 2, 1] };
    const annotators = [CONST, COPY1, COPY2];
    for (const a of annotators) await p.claim(a, taskId, 1);
    await p.increaseTime(100);
    for (const a of annotators) await p.commit(a, [{ taskId, batchId: 0, labels: votes[a]! }]);
    await synced();
    // Revealed nothing yet: nothing to chart, nothing unresolved.
    const before = await indexer.get<{ unresolvedItems: unknown[]; agreementHistogram: { count: number }[] }>(`/api/tasks/${taskId}/stats`);
    expect(before.body.unresolvedItems).toEqual([]);
    expect(before.body.agreementHistogram.every((b) => b.count === 0)).toBe(true);

    for (const a of annotators) await p.reveal(a, [{ taskId, batchId: 0, labels: votes[a]! }]);
    await p.finalise(NEWBIE, taskId, 0);
    await synced();
    const stats = await indexer.get<{ classDistribution: { name: string; count: number }[]; agreementHistogram: { bucket: number; count: number }[]; unresolvedItems: unknown[] }>(
      `/api/tasks/${taskId}/stats`,
    );
    expect(stats.body.classDistribution.map((c) => [c.name, c.count])).toEqual([
      ["digit-0", 1],
      ["digit-1", 2],
      ["cannot_label", 0],
    ]);
    // Item 0 is unanimous, items 1 and 3 two of three; item 2 (one vote per label) is not charted but listed.
    expect(stats.body.agreementHistogram.filter((b) => b.count > 0)).toEqual([
      { bucket: 0.6, count: 2 },
      { bucket: 0.9, count: 1 },
    ]);
    expect(stats.body.unresolvedItems).toEqual([{ item: 2, votes: [1, 1, 1] }]);
  });

  test("a claim request assigned more than 256 blocks late lapses: its bond goes to the task", async () => {
    const { taskId } = await p.createTask(OWNER, { itemCount: 4, batchSize: 2, bondPerClaim: 100n });
    const requested = await writeCrowdlabel(p.devchain, NEWBIE, "requestClaim", [taskId, 2]);
    await p.testClient.mine({ blocks: 257 });
    await writeCrowdlabel(p.devchain, A1, "assign", [taskId, p.address(NEWBIE)]); // anyone may settle it
    await synced();

    const stats = await indexer.get<{ spend: Record<string, string> }>(`/api/tasks/${taskId}/stats`);
    expect(stats.body.spend).toEqual({ funded: "12000", paid: "0", bondsForfeited: "200" });
    const newbie = await indexer.get<{ bondsForfeited: number }>(`/api/annotators/${addr(NEWBIE)}`);
    expect(newbie.body.bondsForfeited).toBe(2);
    expect((await indexer.get(`/api/tasks/${taskId}/next-batches?address=${addr(NEWBIE)}`)).body).toMatchObject({ claimableSlots: 6, openBatches: 2 });

    const graphql = async (query: string) =>
      ((await (await fetch(`${indexer.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as {
        data: Record<string, { items: Record<string, unknown>[] }>;
      }).data;
    const rows = await graphql(
      `{ claimRequests(where: { taskId: "${taskId}" }) { items { annotator count bond seedBlock lapsedAt bondForfeited } }
         bondForfeits(where: { taskId: "${taskId}" }) { items { annotator batchId slot amount reason } } }`,
    );
    expect(rows.claimRequests!.items).toEqual([
      { annotator: addr(NEWBIE), count: 2, bond: "200", seedBlock: String(requested.blockNumber), lapsedAt: expect.any(Number), bondForfeited: "200" },
    ]);
    expect(rows.bondForfeits!.items).toEqual([{ annotator: addr(NEWBIE), batchId: null, slot: null, amount: "200", reason: "lapsed" }]);

    // A new request is accepted and drawn as usual; the lapsed row stays lapsed, the new one is not.
    expect(await p.claim(NEWBIE, taskId, 1)).toHaveLength(1);
    await synced();
    const after = await graphql(`{ claimRequests(where: { taskId: "${taskId}" }, orderBy: "seedBlock") { items { lapsedAt } } }`);
    expect(after.claimRequests!.items.map((r) => r.lapsedAt === null)).toEqual([false, true]);
  });

  test("a round below R resolves nothing and stays off the gate counters until the round that reaches R", async () => {
    // Accounts no other test counts, and a class count no other task has (so no Dawid-Skene pool is touched).
    const [first, second, third] = [CONST, 8, 9];
    for (const a of [second, third]) await p.fund(a, 10n ** 12n);
    type Counters = { labelsRevealed: number; labelsScored: number; labelsAgreed: number };
    const counters = async (a: number) => {
      const { labelsRevealed, labelsScored, labelsAgreed } = (await indexer.get<{ reputation: { breakdown: Counters } }>(`/api/annotators/${addr(a)}`)).body.reputation.breakdown;
      return { labelsRevealed, labelsScored, labelsAgreed };
    };
    const onChain = async (a: number) => {
      const [labelsRevealed, labelsAgreed] = await p.publicClient.readContract({ address: stack.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "annotatorStats", args: [p.address(a)] });
      return { labelsScored: Number(labelsRevealed), labelsAgreed: Number(labelsAgreed) };
    };
    const { taskId } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, classCount: 5 }); // R = 3, minAgreement 2
    await synced();
    const before = await counters(first);
    const [batchId] = await p.claim(first, taskId, 1);
    const entry = (labels: number[]) => [{ taskId, batchId: batchId!, labels }];
    await p.commit(first, entry([1, 0]));
    await p.increaseTime(7_201); // nobody else came: reveal opens with one commit of three
    await p.reveal(first, entry([1, 0]));
    await p.finalise(OWNER, taskId, batchId!);
    await synced();
    // Revealed, but not judged: the contract's gate counters and their mirror leave the round alone.
    expect(await counters(first)).toEqual({ ...before, labelsRevealed: before.labelsRevealed + 2 });
    expect(await onChain(first)).toEqual({ labelsScored: before.labelsScored, labelsAgreed: before.labelsAgreed });

    await p.claim(second, taskId, 1);
    await p.claim(third, taskId, 1);
    await p.commit(second, entry([1, 0]));
    await p.commit(third, entry([1, 2]));
    await p.reveal(second, entry([1, 0]));
    await p.reveal(third, entry([1, 2]));
    await p.finalise(OWNER, taskId, batchId!);
    await synced();
    const judged = { labelsScored: before.labelsScored + 2, labelsAgreed: before.labelsAgreed + 2 };
    expect(await counters(first)).toEqual({ labelsRevealed: before.labelsRevealed + 2, ...judged });
    expect(await onChain(first)).toEqual(judged);
    expect(await counters(third)).toMatchObject(await onChain(third));
    const batches = await indexer.get<{ items: { batchId: number; resolvedMask: string; consensus: string }[] }>(`/api/tasks/${taskId}/batches`);
    expect(batches.body.items[0]).toMatchObject({ batchId: batchId!, resolvedMask: "3", consensus: "0x0100" });
  });

  test("a claim that expired uncommitted in a batch nobody finalised is forfeited at close, and the holder is named", async () => {
    const graphql = async (query: string) =>
      ((await (await fetch(`${indexer.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as {
        data: Record<string, { items?: Record<string, unknown>[] } & Record<string, unknown>>;
      }).data;
    const holderRow = async () => (await graphql(`{ annotator(address: "${addr(A3)}") { bondsForfeited lastActiveAt } }`)).annotator as { bondsForfeited: number; lastActiveAt: number };
    const { taskId } = await p.createTask(OWNER, { itemCount: 4, batchSize: 2, bondPerClaim: 100n });
    const [batchId] = await p.claim(A3, taskId, 1);
    await synced();
    const before = await holderRow();

    await p.increaseTime(86_401);
    await p.close(OWNER, taskId);
    await synced();

    const stats = await indexer.get<{ spend: Record<string, string> }>(`/api/tasks/${taskId}/stats`);
    expect(stats.body.spend).toEqual({ funded: "12000", paid: "0", bondsForfeited: "100" });
    expect(await holderRow()).toEqual({ bondsForfeited: before.bondsForfeited + 1, lastActiveAt: before.lastActiveAt });
    const rows = await graphql(
      `{ bondForfeits(where: { taskId: "${taskId}" }) { items { annotator batchId slot amount reason } }
         claims(where: { taskId: "${taskId}" }) { items { annotator batchId status bondForfeited } }
         slots(where: { taskId: "${taskId}" }) { items { annotator state } } }`,
    );
    const slot = p.slotOf(A3, taskId, batchId!);
    expect(rows.bondForfeits!.items).toEqual([{ annotator: addr(A3), batchId, slot, amount: "100", reason: "expired" }]);
    expect(rows.claims!.items).toEqual([{ annotator: addr(A3), batchId, status: "expired", bondForfeited: "100" }]);
    expect(rows.slots!.items).toEqual([{ annotator: addr(A3), state: "expired" }]);
  });

  test("an annotator new to a pool counts with their task's own fit until the pool's next fit", async () => {
    // Accounts no later test counts on: a new owner, the copiers, and a ninth account new to everything.
    const [PROJECT_OWNER, NEWCOMER] = [8, 9];
    for (const i of [PROJECT_OWNER, NEWCOMER]) await p.fund(i, 10n ** 12n);
    type Pools = { skillPools: { owner: string; skill: number; labels: number; tasks: number }[]; history: { taskId: string; dsSkill: number | null }[] };
    const poolOf = async (a: number) => (await indexer.get<Pools>(`/api/annotators/${addr(a)}`)).body.skillPools.find((x) => x.owner === addr(PROJECT_OWNER));
    const work = async (taskId: bigint, annotators: number[], batches: number[], labels: (a: number, b: number) => number[]) => {
      for (const a of annotators) expect((await p.claim(a, taskId, batches.length)).sort((x, y) => x - y)).toEqual(batches);
      for (const a of annotators) await p.commit(a, batches.map((batchId) => ({ taskId, batchId, labels: labels(a, batchId) })));
      for (const a of annotators) await p.reveal(a, batches.map((batchId) => ({ taskId, batchId, labels: labels(a, batchId) })));
    };
    // First task: 8 one-item batches, so the pool's fit covers 8 finalisations and next waits for 8 / 4 = 2 more.
    const { taskId: first } = await p.createTask(PROJECT_OWNER, { itemCount: 8, batchSize: 1, redundancy: 2, maxRedundancy: 2, minAgreement: 2 });
    const batches = [0, 1, 2, 3, 4, 5, 6, 7];
    await work(first, [COPY1, COPY2], batches, (a, b) => [a === COPY2 && b === 3 ? 2 : b % 3]);
    for (const b of batches) await p.finalise(NEWBIE, first, b);
    // Second task of the same owner and classes: NEWCOMER is new to the pool.
    const { taskId: second } = await p.createTask(PROJECT_OWNER, { itemCount: 2, batchSize: 1, redundancy: 2, maxRedundancy: 2, minAgreement: 2 });
    await work(second, [COPY1, NEWCOMER], [0, 1], (a, b) => [a === NEWCOMER && b === 1 ? 0 : 1]);
    await p.finalise(NEWBIE, second, 0);
    await synced();
    expect(await poolOf(COPY1)).toMatchObject({ labels: 8, tasks: 1 });
    // One finalisation more is not enough for the pool; NEWCOMER counts with their fit in the second task (over
    // their two revealed labels) meanwhile, and so has a skill in their score.
    const newcomer = await indexer.get<Pools & { reputation: { breakdown: { dsSkill: number | null } } }>(`/api/annotators/${addr(NEWCOMER)}`);
    const inTask = newcomer.body.history.find((h) => h.taskId === String(second))!;
    expect(inTask.dsSkill).not.toBeNull();
    expect(newcomer.body.reputation.breakdown.dsSkill).toBe(inTask.dsSkill);
    expect(await poolOf(NEWCOMER)).toEqual({ owner: addr(PROJECT_OWNER), classCount: 3, classes: ["digit-0", "digit-1", "digit-2"], skill: inTask.dsSkill, labels: 2, tasks: 1 });

    // The task's end refits the pool over both tasks.
    await p.finalise(NEWBIE, second, 1);
    await synced();
    expect(await poolOf(COPY1)).toMatchObject({ labels: 10, tasks: 2 });
    expect(await poolOf(NEWCOMER)).toMatchObject({ labels: 2, tasks: 1 });
  });

  test("invalid input gets a 4xx with {error: {code, message}}", async () => {
    expect((await indexer.get("/api/tasks?limit=0")).body).toMatchObject({ error: { code: "invalid_limit" } });
    for (const limit of ["0x2", "1e2", "1.0", "%205"]) expect((await indexer.get(`/api/tasks?limit=${limit}`)).body).toMatchObject({ error: { code: "invalid_limit" } });
    expect((await indexer.get("/api/tasks?token=0x12")).status).toBe(400);
    expect((await indexer.get("/api/tasks?cursor=garbage")).body).toMatchObject({ error: { code: "invalid_cursor" } });
    const forged = Buffer.from(JSON.stringify({ sort: "reward", id: "1", key: "lots" })).toString("base64url");
    expect((await indexer.get(`/api/tasks?sort=reward&cursor=${forged}`)).body).toMatchObject({ error: { code: "invalid_cursor" } });
    expect((await indexer.get("/api/tasks?sort=cheapest")).body).toEqual({ error: { code: "invalid_sort", message: 'sort must be one of newest, reward, ending, got "cheapest"' } });
    expect((await indexer.get("/api/tasks?owner=0x12")).body).toEqual({ error: { code: "invalid_address", message: 'owner must be a 0x-prefixed 20-byte address, got "0x12"' } });
    expect((await indexer.get("/api/tasks/999")).status).toBe(404);
    expect((await indexer.get("/api/tasks/abc")).status).toBe(400);
    expect((await indexer.get("/api/annotators/0xnope")).status).toBe(400);
    expect((await indexer.get("/api/annotators/0x0000000000000000000000000000000000000001/slots?status=bogus")).status).toBe(400);
    expect((await indexer.get("/api/nothing")).body).toMatchObject({ error: { code: "not_found" } });
    // crafted cursors whose numbers would fail in SQL
    const a = addr(A1);
    const crafted = [
      `/api/annotators/${a}/slots?cursor=${cursorOf({ taskId: "1", batchId: 0, slot: 0.5 })}`,
      `/api/leaderboard?cursor=${cursorOf({ score: 0.5, address: "0x", rank: 0 })}`,
      `/api/annotators/${a}/history?cursor=${cursorOf({ taskId: "9".repeat(100) })}`,
      `/api/tasks?status=all&cursor=${cursorOf({ sort: "newest", id: "9".repeat(100), key: "9".repeat(100) })}`,
      `/api/tasks/${taskA}/batches?cursor=${cursorOf({ batchId: 1e300 })}`,
      // safe integers past PostgreSQL's integer: the query itself would fail ("out of range for type integer")
      `/api/annotators/${a}/slots?cursor=${cursorOf({ taskId: "1", batchId: 0, slot: 2 ** 31 })}`,
      `/api/leaderboard?cursor=${cursorOf({ score: 2 ** 31, address: a, rank: 0 })}`,
    ];
    for (const path of crafted)
      expect(await indexer.get(path), path).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_cursor", message: "cursor is not one this API returned: pass the previous page's nextCursor unchanged" } },
      });
  });

  test("an annotator's history pages newest task first, from the profile's first page on", async () => {
    type History = { items: { taskId: string; labelsRevealed: number }[]; nextCursor: string | null };
    const full = (await indexer.get<{ history: History["items"]; historyNextCursor: string | null }>(`/api/annotators/${addr(A1)}?historyLimit=200`)).body;
    expect(full.history.length).toBe(2);
    expect(full.historyNextCursor).toBeNull();
    expect(full.history.map((h) => BigInt(h.taskId))).toEqual(full.history.map((h) => BigInt(h.taskId)).sort((a, b) => (a > b ? -1 : 1)));
    const first = (await indexer.get<{ history: History["items"]; historyNextCursor: string }>(`/api/annotators/${addr(A1)}?historyLimit=1`)).body;
    const paged = [...first.history];
    for (let cursor: string | null = first.historyNextCursor; cursor; ) {
      const page: History = (await indexer.get<History>(`/api/annotators/${addr(A1)}/history?limit=1&cursor=${cursor}`)).body;
      paged.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(full.history);
    expect((await indexer.get(`/api/annotators/${addr(A1)}/history?cursor=garbage`)).status).toBe(400);
  });

  test("an HF export whose images are not on IPFS is a 502 naming the CID, not a 200 that breaks off", async () => {
    const missing = await computeCid(new TextEncoder().encode("never uploaded"));
    const manifestCid = await p.uploadManifest(sampleManifest(2, 2, 3, missing));
    const { taskId } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2, redundancy: 1, minAgreement: 1, manifestCid });
    await p.claim(NEWBIE, taskId, 1);
    await p.increaseTime(60);
    await p.commit(NEWBIE, [{ taskId, batchId: 0, labels: [0, 1] }]);
    await p.reveal(NEWBIE, [{ taskId, batchId: 0, labels: [0, 1] }]);
    await p.finalise(NEWBIE, taskId, 0);
    await synced();
    const response = await indexer.get<{ error: { code: string; message: string } }>(`/api/tasks/${taskId}/export?format=hf`);
    expect(response.status).toBe(502);
    expect(response.body.error).toEqual({ code: "ipfs_unavailable", message: expect.stringMatching(new RegExp(`^image ${missing} \\(item 0\\) could not be fetched from IPFS: `)) });
  });

  test("'tasks I can take' (eligibleFor) lists only open tasks with a batch that has a slot for the address", async () => {
    const [TAKER, LATE] = [8, 9];
    for (const i of [TAKER, LATE]) await p.fund(i, 10n ** 12n);
    const { taskId: oneSlot } = await p.createTask(OWNER, { itemCount: 3, batchSize: 3, redundancy: 1, minAgreement: 1 });
    const now = Number((await p.publicClient.getBlock()).timestamp);
    // Claims last an hour, so a task ending in half an hour takes none.
    const { taskId: ending } = await p.createTask(OWNER, { itemCount: 3, batchSize: 3, deadline: now + 1_800 });
    await synced();
    const listed = async (i: number) => (await indexer.get<{ items: { id: string }[] }>(`/api/tasks?eligibleFor=${addr(i)}&limit=200`)).body.items.map((t) => t.id);
    expect(await listed(LATE)).toContain(String(oneSlot));
    expect(await listed(LATE)).not.toContain(String(ending));

    expect(await p.claim(TAKER, oneSlot, 1)).toEqual([0]);
    await synced();
    expect(await listed(TAKER)).not.toContain(String(oneSlot)); // holds its only slot
    expect(await listed(LATE)).not.toContain(String(oneSlot)); // its only slot is taken
    // The claim has expired uncommitted, but the round's commit window (2 h from the claim) ends before a new
    // claim's hour would: assign would skip the batch, so the list does too.
    await p.increaseTime(3_601);
    await synced();
    expect(await listed(LATE)).not.toContain(String(oneSlot));
    // The expired claim is listed as expired, not among the claims still open.
    const slotsOf = async (status: string) =>
      (await indexer.get<{ items: { taskId: string; state: string }[] }>(`/api/annotators/${addr(TAKER)}/slots?status=${status}`)).body.items.filter((s) => s.taskId === String(oneSlot)).map((s) => s.state);
    expect(await slotsOf("claimed")).toEqual([]);
    expect(await slotsOf("expired")).toEqual(["expired"]);
    expect(await slotsOf("all")).toEqual(["expired"]);
    const next = (await indexer.get<{ blocked: Record<string, number> }>(`/api/tasks/${oneSlot}/next-batches?address=${addr(LATE)}`)).body;
    expect(next).toMatchObject({ openBatches: 0, blocked: { "round-ending": 1 } });
    // Once that window has passed with no commit, the round starts over: the slot is free for the next claimer, not for its holder.
    await p.increaseTime(3_600);
    await synced();
    expect(await listed(LATE)).toContain(String(oneSlot));
    expect(await listed(TAKER)).not.toContain(String(oneSlot));
  });

  test("a task of 2^32 - 1 batches is counted in one step: the claim counts come back, and the event loop is not held", async () => {
    const HUGE = 2 ** 32 - 1;
    await p.fund(OWNER, 10n ** 12n);
    const { taskId } = await p.createTask(OWNER, { itemCount: HUGE, batchSize: 1, redundancy: 1, minAgreement: 1, rewardPerLabel: 1n, bondPerClaim: 1n, manifestCid: await p.uploadManifest(sampleManifest(1, 1, 3)) });
    await synced();
    // Counting its untouched batches one by one took about 40 ns each: some 170 s per request, with every route stalled.
    const next = await indexer.get<{ openBatches: number; claimableSlots: number }>(`/api/tasks/${taskId}/next-batches?address=${addr(A1)}`);
    expect(next.body).toMatchObject({ openBatches: HUGE, claimableSlots: HUGE });
    const listed = await indexer.get<{ items: { id: string }[] }>(`/api/tasks?eligibleFor=${addr(A1)}&limit=1`);
    expect(listed.body.items.map((t) => t.id)).toEqual([String(taskId)]);
    expect((await indexer.get<{ status: string }>("/health")).body.status).toBe("ok");
  });

  test("GraphQL serves the same tables", async () => {
    const response = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ task(id: "${taskA}") { id paid itemsResolved } }` }),
    });
    expect(await response.json()).toEqual({ data: { task: { id: String(taskA), paid: "17000", itemsResolved: 6 } } });
    // A bad request is told what to fix (Ponder masks this as "Unexpected error." under NODE_ENV=production).
    const tooMany = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ tasks(limit: 5000) { items { id } } }" }),
    });
    expect(((await tooMany.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe("Invalid limit. Got 5000, expected <=1000.");
  });
});

describe("restarts, re-indexing, outages and reorgs", () => {
  const snapshot = async (ix: IndexerProcess) => {
    const board = (await ix.get<{ items: { address: string }[] }>("/api/leaderboard?limit=200")).body;
    const profiles = [];
    for (const row of board.items) profiles.push((await ix.get(`/api/annotators/${row.address}`)).body);
    const tasks = (await ix.get<{ items: { id: string }[] }>("/api/tasks?status=all&limit=200")).body;
    const stats = [];
    for (const t of tasks.items) stats.push((await ix.get(`/api/tasks/${t.id}/stats`)).body, (await ix.get(`/api/tasks/${t.id}/flags`)).body);
    return { board, profiles, tasks, stats };
  };

  test("a restarted indexer resumes without duplicates or loss", async () => {
    await indexer.stop();
    const { taskId } = await p.createTask(OWNER, { itemCount: 4, batchSize: 2, redundancy: 2, minAgreement: 2 });
    for (const a of [A1, A2]) await p.claim(a, taskId, 2);
    await p.increaseTime(60);
    for (const a of [A1, A2]) await p.commit(a, [0, 1].map((batchId) => ({ taskId, batchId, labels: [1, 0] })));
    for (const a of [A1, A2]) await p.reveal(a, [0, 1].map((batchId) => ({ taskId, batchId, labels: [1, 0] })));
    for (const batchId of [0, 1]) await p.finalise(NEWBIE, taskId, batchId);
    indexer = await launch(dataDir);
    await synced();
    const tasks = await indexer.get<{ items: { id: string; itemsResolved: number; labelsRevealed: number }[] }>("/api/tasks?status=all&limit=200");
    const ids = tasks.body.items.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tasks.body.items.find((t) => t.id === String(taskId))).toMatchObject({ itemsResolved: 4, labelsRevealed: 8 });
    const a1 = await indexer.get<{ labelsRevealed: number; earnings: { amount: string }[] }>(`/api/annotators/${addr(A1)}`);
    expect(a1.body.labelsRevealed).toBe(6 + 3 + 4); // task A, the pooled-export task, this task
    expect(a1.body.earnings).toEqual([expect.objectContaining({ amount: String(6000 + 3000 + 4000) })]);
  });

  test("wiping the database and re-indexing from chain + IPFS gives identical scores and stats", async () => {
    const fresh = await launch(await tempDir());
    await synced(fresh);
    // A manifest that was unavailable is retried by the API at most every 5 s (manifestStore.refreshManifest), so an
    // indexer may serve the old "unavailable" for a moment after the other already has the manifest: poll until equal.
    await expect
      .poll(async () => JSON.stringify(await snapshot(fresh)) === JSON.stringify(await snapshot(indexer)), { timeout: 30_000, interval: 2_000 })
      .toBe(true);
    const [a, b] = [await snapshot(indexer), await snapshot(fresh)];
    expect(b).toEqual(a);
    expect(a.board.items.length).toBeGreaterThanOrEqual(6);
    await fresh.stop();
  });

  test("IPFS down: /health degrades, indexing continues, and it recovers", async () => {
    await stack.stopIpfs();
    await expect
      .poll(async () => (await indexer.get<{ status: string; ipfs: { ok: boolean } }>("/health")).body, { timeout: 15_000, interval: 500 })
      .toMatchObject({ status: "degraded", ipfs: { ok: false } });
    const down = await indexer.get<{ ipfs: { lastError: string }; rpc: { ok: boolean } }>("/health");
    expect(down.status).toBe(503);
    expect(down.body.ipfs.lastError).toBeTruthy();
    expect(down.body.rpc.ok).toBe(true);
    const manifest = sampleManifest(3, 3, 2);
    const cid = await computeCid(new TextEncoder().encode(JSON.stringify(manifest)), { cidVersion: 0, rawLeaves: false });
    const { taskId } = await p.createTask(OWNER, { itemCount: 3, batchSize: 3, classCount: 2, manifestCid: cid });
    await synced();
    expect((await indexer.get<{ manifestError: string }>(`/api/tasks/${taskId}`)).body.manifestError).toMatch(/^unavailable: /);
    await stack.startIpfs();
    await ipfsAdd(stack.ipfs.apiUrl, JSON.stringify(manifest));
    await expect
      .poll(async () => (await indexer.get<{ status: string }>("/health")).body, { timeout: 15_000, interval: 500 })
      .toMatchObject({ status: "ok", ipfs: { ok: true }, rpc: { ok: true }, lagBlocks: 0 });
    await expect
      .poll(async () => (await indexer.get<{ manifestError: string | null }>(`/api/tasks/${taskId}`)).body.manifestError, { timeout: 15_000, interval: 1_000 })
      .toBeNull();
  });

  test("state follows a reorg (anvil snapshot / revert)", async () => {
    const snapshotId = await p.testClient.snapshot();
    const { taskId: orphan } = await p.createTask(OWNER, { itemCount: 2, batchSize: 2 });
    await p.testClient.mine({ blocks: 1 });
    await synced();
    expect((await indexer.get(`/api/tasks/${orphan}`)).status).toBe(200);
    const orphanHead = await p.blockNumber();

    await p.testClient.revert({ id: snapshotId });
    // The new branch: different blocks at the same heights, then longer than the old one.
    await p.testClient.mine({ blocks: 1 });
    const { taskId: replacement } = await p.createTask(OWNER, { itemCount: 5, batchSize: 5 });
    expect(replacement).toBe(orphan);
    await p.testClient.mine({ blocks: 2 });
    expect(await p.blockNumber()).toBeGreaterThan(orphanHead);
    await synced();
    await expect
      .poll(async () => (await indexer.get<{ itemCount: number }>(`/api/tasks/${orphan}`)).body.itemCount, { timeout: 20_000, interval: 500 })
      .toBe(5);
    const all = await indexer.get<{ items: { id: string }[] }>("/api/tasks?status=all&limit=200");
    expect(all.body.items.filter((t) => t.id === String(orphan))).toHaveLength(1);
  });

  test("RPC down: /health reports it (last, since anvil's state cannot come back)", async () => {
    await stack.anvil.stop();
    await expect
      .poll(async () => (await indexer.get<{ status: string; rpc: { ok: boolean; lastError?: string } }>("/health")).body, { timeout: 15_000, interval: 500 })
      .toMatchObject({ status: "degraded", rpc: { ok: false, lastError: expect.any(String) } });
  });
});
