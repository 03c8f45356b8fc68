import { Hono } from "hono";
import { asc, eq } from "ponder";
import { db } from "ponder:api";
import { batch, finalisation, gold, slot } from "ponder:schema";
import {
  PoolMismatchError,
  aggregateDataset,
  aggregateDatasets,
  exportDataset,
  hasRevealedLabels,
  unpackLabels,
  exportFormats,
  fetchImage,
  type DatasetSource,
  type DawidSkeneResult,
} from "@crowdlabel/sdk";
import type { Address, Hex } from "viem";
import { indexerConfig } from "../../config/loadIndexerConfig.ts";
import { ApiError } from "../ApiError.ts";
import { startExport, streamOf } from "../exportStream.ts";
import { refreshRow } from "../manifestOverlay.ts";
import { parseEnum, parseTaskId } from "../params.ts";
import type { TaskRow } from "../serialize.ts";
import { loadTask } from "./tasks.ts";

export const taskExportRoutes = new Hono();

/** The task's labels in the sdk exporters' input form, read from the index. */
export async function datasetSource(row: TaskRow): Promise<DatasetSource> {
  if (!row.manifest) throw new ApiError(409, "manifest_unavailable", `task ${row.id} has no usable manifest (${row.manifestError ?? "unknown"}); exports need it`);
  const config = indexerConfig();
  const [batches, slots, finals, [revealedGold]] = await Promise.all([
    db.select().from(batch).where(eq(batch.taskId, row.id)).orderBy(asc(batch.batchId)),
    db.select().from(slot).where(eq(slot.taskId, row.id)).orderBy(asc(slot.batchId), asc(slot.slot)),
    db.select().from(finalisation).where(eq(finalisation.taskId, row.id)).orderBy(asc(finalisation.batchId), asc(finalisation.round)),
    db.select().from(gold).where(eq(gold.taskId, row.id)),
  ]);
  const slotsOf = groupBy(slots, (s) => s.batchId);
  const finalsOf = groupBy(finals, (f) => f.batchId);
  return {
    ...(revealedGold ? { gold: { items: revealedGold.items, labels: unpackLabels(revealedGold.labels) } } : {}),
    manifest: row.manifest,
    manifestCid: row.manifestCid,
    task: {
      id: row.id,
      chainId: config.chainId,
      contract: config.crowdlabel.toLowerCase() as Address,
      token: row.token,
      owner: row.owner,
      itemCount: row.itemCount,
      batchSize: row.batchSize,
      classCount: row.classCount,
      redundancy: row.redundancy,
      maxRedundancy: row.maxRedundancy,
      minAgreement: row.minAgreement,
      createdTx: row.createdTx,
      createdBlock: row.createdBlock,
    },
    batches: batches.map((b) => ({
      batchId: b.batchId,
      rounds: b.round + 1,
      slots: (slotsOf.get(b.batchId) ?? [])
        .filter((s) => s.state === "revealed" || s.state === "forfeited" || s.state === "committed")
        .map((s) => ({ annotator: s.annotator, slot: s.slot, round: s.round, labels: s.labels as Hex | null, revealTx: s.revealTx, revealBlock: s.revealBlock })),
      consensus: b.consensus,
      resolvedMask: b.resolvedMask,
      finalisations: (finalsOf.get(b.batchId) ?? []).map((f) => ({ round: f.round, newlyResolvedMask: f.newlyResolvedMask, tx: f.tx, block: f.block })),
    })),
  };
}

function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

/** Most tasks one export may pool its Dawid-Skene model with (each adds its labels to one EM run). */
export const MAX_POOLED_TASKS = 1000;

/** `pool=4,5,6`: other tasks whose labels the Dawid-Skene columns are fitted with (the task itself is dropped). */
function parsePool(raw: string | undefined, taskId: bigint): bigint[] {
  if (raw === undefined || raw === "") return [];
  const ids = raw.split(",").map((part) => parseTaskId(part.trim()));
  const pool = [...new Set(ids)].filter((id) => id !== taskId);
  if (pool.length > MAX_POOLED_TASKS) throw new ApiError(400, "invalid_pool", `pool may list at most ${MAX_POOLED_TASKS} tasks, got ${pool.length}`);
  return pool;
}

async function exportAggregation(source: DatasetSource, pooledWith: readonly bigint[]): Promise<DawidSkeneResult | undefined> {
  const others: DatasetSource[] = [];
  for (const id of pooledWith) others.push(await datasetSource(await refreshRow(await loadTask(String(id)))));
  const all = [source, ...others];
  if (!all.some(hasRevealedLabels)) return undefined;
  if (others.length === 0) return aggregateDataset(source);
  try {
    return aggregateDatasets(all).byTask.get(source.task.id);
  } catch (error) {
    if (error instanceof PoolMismatchError) throw new ApiError(409, "pool_mismatch", `${error.shortMessage} ${error.details ?? ""}`.trim());
    throw error;
  }
}

// A failure after the response has started (an `hf` image past the first one that IPFS does not serve, or a database
// error) cannot change the status any more: the stream errors, the connection is closed before the zip's central
// directory, and the client sees a failed download rather than a complete-looking file.
taskExportRoutes.get("/:id/export", async (c) => {
  const format = parseEnum(c.req.query("format"), "format", ["jsonl", "csv", "coco", "hf"] as const, "jsonl");
  const row = await refreshRow(await loadTask(c.req.param("id")));
  const pooledWith = parsePool(c.req.query("pool"), row.id);
  const source = await datasetSource(row);
  const aggregation = await exportAggregation(source, pooledWith);
  const ipfs = indexerConfig().ipfs;
  let imagesDone = 0;
  const chunks = exportDataset(source, {
    format,
    aggregation,
    pooledWith,
    fetchImage: (cid) => fetchImage({ config: ipfs, cid }),
    onProgress: (progress) => {
      if ("phase" in progress) imagesDone = progress.done;
    },
  });
  const first = await startExport(chunks, () => format !== "hf" || imagesDone > 0);
  const { mediaType: type, extension: ext } = exportFormats[format];
  return new Response(streamOf(first, chunks), {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="crowdlabel-task-${row.id}.${ext}"`,
      "cache-control": "no-store",
    },
  });
});
