import { ponder } from "ponder:registry";
import { annotatorTask, batch, bondForfeit, dsPool, finalisation, item, labelPair, payout, slot, task } from "ponder:schema";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { countResolved, defersConsensus, isResolvedAt } from "@crowdlabel/sdk";
import { maybeRunDawidSkene } from "../reputation/maybeRunDawidSkene.ts";
import { normalizedEntropy } from "../reputation/normalizedEntropy.ts";
import { peerPrediction } from "../reputation/peerPrediction.ts";
import { seedFromLog } from "../reputation/seedFromLog.ts";
import { credit, lower, peek, requireTask, updateAnnotator, upsertFlag, type Db } from "./store.ts";

/** A pair of wallets is flagged once this many of their shared batches had identical label vectors (and all did). */
const IDENTICAL_FLAG_MIN_BATCHES = 3;
/** Labels an annotator needs in a task before a near-constant answer pattern is flagged. */
const ENTROPY_FLAG_MIN_LABELS = 20;
const ENTROPY_FLAG_MAX = 0.1;

ponder.on("Crowdlabel:BatchFinalised", async ({ event, context }) => {
  const { taskId, round, newlyResolvedMask, resolvedMask, rewardsPaid, bondsForfeited } = event.args;
  const batchId = Number(event.args.batchId);
  const now = Number(event.block.timestamp);
  const db = context.db;
  const t = await requireTask(db, taskId);
  const b = await db.find(batch, { taskId, batchId });
  if (!b) throw new Error(`BatchFinalised for untouched batch ${taskId}/${batchId}`);

  const n = b.itemCount;
  const roundConsensus = hexToBytes(event.args.consensus);
  const consensus = hexToBytes(b.consensus);
  const previouslyResolved = resolvedMask & ~newlyResolvedMask;
  const isNew = (i: number) => isResolvedAt(newlyResolvedMask, i);
  const isResolved = (i: number) => isResolvedAt(resolvedMask, i);
  const counted: number[] = [];
  for (let i = 0; i < n; i++) {
    if (isNew(i)) consensus[i] = roundConsensus[i]!;
    if (!isResolvedAt(previouslyResolved, i)) counted.push(i);
  }

  // Point lookups go through Ponder's row cache; a raw SQL select would flush it on every finalisation.
  const slots = [];
  for (let s = 0; s < b.roundEnd; s++) {
    const row = await db.find(slot, { taskId, batchId, slot: s });
    if (row) slots.push(row);
  }
  const revealed = slots.filter((s) => s.labels !== null).map((s) => ({ ...s, bytes: hexToBytes(s.labels as Hex) }));
  const K = t.classCount + 1;

  // Items counted by this round: votes over every revealed slot, consensus if resolved.
  for (const i of counted) {
    const votes = new Array<number>(K).fill(0);
    for (const s of revealed) votes[s.bytes[i]!] = (votes[s.bytes[i]!] ?? 0) + 1;
    const voteCount = revealed.length;
    const top = Math.max(0, ...votes);
    const value = {
      batchId,
      resolved: isNew(i),
      consensus: isNew(i) ? consensus[i]! : null,
      votes,
      voteCount,
      topShare: voteCount === 0 ? 0 : top / voteCount,
      round,
      finaliseTx: event.transaction.hash,
    };
    await db
      .insert(item)
      .values({ taskId, index: batchId * t.batchSize + i, ...value })
      .onConflictDoUpdate(value);
  }

  // Task-level confusion (consensus x label) over newly resolved items.
  const confusion = peek(t).confusion.map((row) => [...row]);
  if (confusion.length === K) for (let i = 0; i < n; i++) if (isNew(i)) for (const s of revealed) confusion[consensus[i]!]![s.bytes[i]!]!++;

  // Contract counters (labels scored / agreeing) and peer prediction, per revealed slot.
  const scoredIdx = revealed.map((s, idx) => (s.round === round ? idx : -1)).filter((idx) => idx >= 0);
  const pp = peerPrediction(
    revealed.map((s) => s.bytes),
    scoredIdx,
    seedFromLog(event.transaction.hash, event.log.logIndex),
  );
  // The contract's gate counters skip a task where a lone label always agrees and the owner's own labels (see
  // `annotatorStats`); the annotator-wide counters mirror them, the per-task ones count every label.
  const countsOnChain = (address: Hex) => t.minAgreement > 1 && address.toLowerCase() !== t.owner.toLowerCase();
  // As the contract's `scoredFrom`: a round that resolved nothing for being below R is scored with the round after it.
  const boughtBefore = slots.filter((s) => s.slot < b.roundStart && s.committedAt !== null).length;
  const scoredFrom = defersConsensus({ redundancy: t.redundancy, bought: boughtBefore + b.committed, slotsUsed: b.roundEnd })
    ? Number.POSITIVE_INFINITY
    : round > 0 && defersConsensus({ redundancy: t.redundancy, bought: boughtBefore, slotsUsed: b.roundStart })
      ? 0
      : b.roundStart;
  const touched = new Set<Hex>();
  for (let idx = 0; idx < revealed.length; idx++) {
    const s = revealed[idx]!;
    let agreed = 0;
    for (let i = 0; i < n; i++) if (isNew(i) && s.bytes[i] === consensus[i]) agreed++;
    const scored = s.slot >= scoredFrom ? counted.length : 0;
    const tally = pp[scoredIdx.indexOf(idx)] ?? { same: 0, diff: 0, count: 0 };
    if (agreed === 0 && scored === 0) continue;
    const address = s.annotator;
    const update = <T extends { labelsScored: number; labelsAgreed: number; ppSame: number; ppDiff: number; ppCount: number }>(row: T) => ({
      labelsScored: row.labelsScored + scored,
      labelsAgreed: row.labelsAgreed + agreed,
      ppSame: row.ppSame + tally.same,
      ppDiff: row.ppDiff + tally.diff,
      ppCount: row.ppCount + tally.count,
    });
    await db.update(annotatorTask, { address, taskId }).set(update);
    const onChain = countsOnChain(address);
    // Creates the row if needed, applies the counters and stores the new score in one write.
    await updateAnnotator(db, address, now, (row) => ({ ...update(row), ...(onChain ? {} : { labelsScored: row.labelsScored, labelsAgreed: row.labelsAgreed }) }), { rescore: true });
    touched.add(address);
  }

  await flagIdenticalVectors(db, { taskId, round, revealed, consensus, isResolved, n, now });
  await flagLowEntropy(db, { taskId, addresses: [...touched], now });

  const itemsResolved = t.itemsResolved + countResolved(newlyResolvedMask);
  await db.update(batch, { taskId, batchId }).set({ consensus: bytesToHex(consensus), resolvedMask, finalisedTx: event.transaction.hash, finalisedAt: now });
  await db.update(task, { id: taskId }).set({ paid: t.paid + rewardsPaid, itemsResolved, finalisations: t.finalisations + 1, confusion });
  await db.update(dsPool, { key: t.dsPool }).set((row) => ({ finalisations: row.finalisations + 1 }));
  await db.insert(finalisation).values({
    taskId,
    batchId,
    round,
    consensus: event.args.consensus,
    newlyResolvedMask,
    resolvedMask,
    rewardsPaid,
    bondsForfeited,
    tx: event.transaction.hash,
    block: event.block.number,
    timestamp: now,
    taskItemsResolved: itemsResolved,
    taskLabelsRevealed: t.labelsRevealed,
  });
  await maybeRunDawidSkene(db, taskId, false);
});

type RevealedSlot = { annotator: Hex; round: number; bytes: Uint8Array };

async function flagIdenticalVectors(
  db: Db,
  { taskId, round, revealed, consensus, isResolved, n, now }: { taskId: bigint; round: number; revealed: RevealedSlot[]; consensus: Uint8Array; isResolved: (i: number) => boolean; n: number; now: number },
) {
  if (n < 2) return; // one-item batches agree by chance too often to mean anything
  for (let x = 0; x < revealed.length; x++) {
    for (let y = x + 1; y < revealed.length; y++) {
      const sx = revealed[x]!;
      const sy = revealed[y]!;
      if (sx.round !== round && sy.round !== round) continue; // pair counted when an earlier round closed
      const [a, b] = sx.annotator < sy.annotator ? [sx.annotator, sy.annotator] : [sy.annotator, sx.annotator];
      let identical = true;
      let deviating = false;
      for (let i = 0; i < n; i++) {
        if (sx.bytes[i] !== sy.bytes[i]) identical = false;
        else if (isResolved(i) && sx.bytes[i] !== consensus[i]) deviating = true;
      }
      const row = await db
        .insert(labelPair)
        .values({ taskId, a, b, sharedBatches: 1, identicalBatches: identical ? 1 : 0, identicalDeviating: identical && deviating ? 1 : 0 })
        .onConflictDoUpdate((r) => ({
          sharedBatches: r.sharedBatches + 1,
          identicalBatches: r.identicalBatches + (identical ? 1 : 0),
          identicalDeviating: r.identicalDeviating + (identical && deviating ? 1 : 0),
        }));
      if (identical && row.identicalBatches >= IDENTICAL_FLAG_MIN_BATCHES && row.identicalBatches === row.sharedBatches)
        await upsertFlag(db, {
          id: `${taskId}:identical-vectors:${a}:${b}`,
          taskId,
          kind: "identical-vectors",
          annotators: [a, b],
          severity: row.identicalDeviating > 0 ? "high" : "medium",
          message: `identical label vectors in all ${row.sharedBatches} shared batches${row.identicalDeviating > 0 ? `, ${row.identicalDeviating} of them sharing answers against consensus` : ""}`,
          details: { sharedBatches: row.sharedBatches, identicalBatches: row.identicalBatches, identicalDeviating: row.identicalDeviating },
          updatedAt: now,
        });
    }
  }
}

async function flagLowEntropy(db: Db, { taskId, addresses, now }: { taskId: bigint; addresses: Hex[]; now: number }) {
  for (const address of addresses) {
    const at = await db.find(annotatorTask, { address, taskId });
    if (!at || at.labelsRevealed < ENTROPY_FLAG_MIN_LABELS) continue;
    const { labelCounts } = peek(at);
    const entropy = normalizedEntropy(labelCounts);
    if (entropy > ENTROPY_FLAG_MAX) continue;
    const top = labelCounts.indexOf(Math.max(...labelCounts));
    await upsertFlag(db, {
      id: `${taskId}:low-entropy:${address}`,
      taskId,
      kind: "low-entropy",
      annotators: [address],
      severity: entropy === 0 ? "high" : "medium",
      message: `answer entropy ${entropy.toFixed(3)} over ${at.labelsRevealed} labels (label ${top} ${labelCounts[top]} times)`,
      details: { entropy: Math.round(entropy * 1e6) / 1e6, labels: at.labelsRevealed, dominantLabel: top },
      updatedAt: now,
    });
  }
}

ponder.on("Crowdlabel:RewardCredited", async ({ event, context }) => {
  const t = await requireTask(context.db, event.args.taskId);
  const address = lower(event.args.annotator);
  await context.db.insert(payout).values({
    id: event.id,
    taskId: t.id,
    batchId: Number(event.args.batchId),
    annotator: address,
    token: t.token,
    agreed: event.args.agreed,
    scored: event.args.scored,
    amount: event.args.amount,
    timestamp: Number(event.block.timestamp),
    tx: event.transaction.hash,
  });
  await credit(context.db, { account: address, token: t.token, amount: event.args.amount, reward: true });
  await context.db.update(annotatorTask, { address, taskId: t.id }).set((row) => ({ earned: row.earned + event.args.amount }));
});

ponder.on("Crowdlabel:BondForfeited", async ({ event, context }) => {
  const { taskId, slot: slotIndex, amount } = event.args;
  const batchId = Number(event.args.batchId);
  const address = lower(event.args.annotator);
  const now = Number(event.block.timestamp);
  await context.db.update(slot, { taskId, batchId, slot: slotIndex }).set({ state: "forfeited" });
  await context.db.update(task, { id: taskId }).set((row) => ({ bondsForfeited: row.bondsForfeited + amount }));
  await context.db.insert(bondForfeit).values({ id: event.id, taskId, batchId, annotator: address, slot: slotIndex, amount, reason: "unrevealed", timestamp: now });
  await updateAnnotator(context.db, address, now, (row) => ({ bondsForfeited: row.bondsForfeited + 1 }), { rescore: false });
});

ponder.on("Crowdlabel:ExtraRoundOpened", async ({ event, context }) => {
  await context.db.update(batch, { taskId: event.args.taskId, batchId: Number(event.args.batchId) }).set((row) => ({
    round: event.args.round,
    roundStart: row.roundEnd,
    roundEnd: row.roundEnd + event.args.extraSlots,
    committed: 0,
    revealed: 0,
    commitDeadline: 0,
    revealOpensAt: 0,
  }));
});

ponder.on("Crowdlabel:BatchDone", async ({ event, context }) => {
  const { taskId, resolvedMask } = event.args;
  const batchId = Number(event.args.batchId);
  const b = await context.db.find(batch, { taskId, batchId });
  await context.db.update(batch, { taskId, batchId }).set({ done: true });
  const t = await context.db.update(task, { id: taskId }).set((row) => ({
    batchesDone: row.batchesDone + 1,
    itemsUnresolvedFinal: row.itemsUnresolvedFinal + (b ? b.itemCount - countResolved(resolvedMask) : 0),
  }));
  await maybeRunDawidSkene(context.db, taskId, t.batchesDone === t.batchCount);
});
