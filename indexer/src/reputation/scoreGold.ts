import { buildCrowdLabels, goldAccuracy, type LabelTriple } from "@crowdlabel/sdk";
import { annotator, annotatorTask } from "ponder:schema";
import { hexToBytes, type Hex } from "viem";
import { withScore, type Db } from "../handlers/store.ts";
import type { RevealedVector } from "./taskDawidSkene.ts";

/**
 * Adds gold accuracy (sdk `goldAccuracy`) for revealed vectors that cover revealed gold items. Each
 * vector is scored once: at GoldRevealed for everything revealed before, at reveal time afterwards.
 */
export async function scoreGold(db: Db, { taskId, batchSize, gold, vectors }: { taskId: bigint; batchSize: number; gold: ReadonlyMap<number, number>; vectors: readonly RevealedVector[] }) {
  const triples: LabelTriple<number, string>[] = [];
  for (const v of vectors) {
    const bytes = hexToBytes(v.labels);
    const start = v.batchId * batchSize;
    for (let i = 0; i < bytes.length; i++) if (gold.has(start + i)) triples.push({ item: start + i, worker: v.annotator, label: bytes[i]! });
  }
  if (triples.length === 0) return;
  const data = buildCrowdLabels(triples, { classCount: 256 });
  const result = goldAccuracy(data, gold);
  for (let w = 0; w < data.workerCount; w++) {
    const address = data.workerIds[w] as Hex;
    const { total, agreed } = result.workers[w]!;
    if (total === 0) continue;
    await db.update(annotatorTask, { address, taskId }).set((row) => ({ goldTotal: row.goldTotal + total, goldCorrect: row.goldCorrect + agreed }));
    await db.update(annotator, { address }).set((row) => withScore(row, { goldTotal: row.goldTotal + total, goldCorrect: row.goldCorrect + agreed }));
  }
}
