import { getAddress, hexToBytes, type Address, type Hex } from "viem";
import type { DatasetSource } from "./DatasetSource.ts";
import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { CrowdlabelError } from "../errors.ts";
import { CANNOT_LABEL } from "../manifest/taskManifestSchema.ts";
import { batchCount, batchItems } from "../manifest/batchItems.ts";

export { CANNOT_LABEL };

export type ExportVote = {
  /** Checksummed (EIP-55). */
  annotator: Address;
  label: number;
  labelName: string;
  batchId: number;
  slot: number;
  round: number;
  revealTx: Hex | null;
};

/** One item of an export with its full provenance (a line of the JSONL export). */
export type ItemRecord = {
  index: number;
  cid: string;
  filename: string | null;
  mediaType: string;
  width: number;
  height: number;
  batchId: number;
  /** Binding consensus from the contract (null when unresolved). */
  consensus: number | null;
  consensusName: string | null;
  resolved: boolean;
  /** Dawid-Skene estimate over all revealed votes (not binding). */
  dsClass: number | null;
  dsName: string | null;
  dsPosterior: number | null;
  votes: ExportVote[];
  /** Transaction (and block) of the finalisation that resolved the item, or the batch's last one when unresolved; null if never finalised. */
  finaliseTx: Hex | null;
  finaliseBlock: string | null;
};

export function className(source: DatasetSource, label: number): string {
  if (label === source.task.classCount) return CANNOT_LABEL;
  const cls = source.manifest.classes[label];
  if (!cls) throw new CrowdlabelError(`Label ${label} has no class in the manifest (classCount ${source.task.classCount}).`);
  return cls.name;
}

/**
 * Item records in manifest order, batch by batch, decoding each batch's label vectors once.
 * `aggregation` (from `aggregateDataset`) adds the Dawid-Skene columns.
 */
export function* itemRecords(source: DatasetSource, aggregation?: DawidSkeneResult): Generator<ItemRecord> {
  const { manifest, task } = source;
  if (manifest.items.length !== task.itemCount)
    throw new CrowdlabelError(`The manifest lists ${manifest.items.length} items but the task has ${task.itemCount}.`, {
      details: "The manifest CID on chain does not match this manifest.",
    });
  const batches = new Map(source.batches.map((b) => [b.batchId, b]));
  const K = task.classCount + 1;
  for (let batchId = 0; batchId < batchCount(task); batchId++) {
    const batch = batches.get(batchId);
    const { start, end } = batchItems(task, batchId);
    const vectors = (batch?.slots ?? [])
      .filter((s) => s.labels !== null)
      .sort((a, b) => a.slot - b.slot)
      // one address form (checksummed) whether the source read it from the chain or from the indexer's lowercase rows
      .map((s) => ({ slot: s, annotator: getAddress(s.annotator), bytes: hexToBytes(s.labels!) }));
    for (const v of vectors)
      if (v.bytes.length !== end - start)
        throw new CrowdlabelError(`Batch ${batchId} slot ${v.slot.slot} has ${v.bytes.length} labels for ${end - start} items.`);
    const consensusBytes = batch ? hexToBytes(batch.consensus) : new Uint8Array(0);
    const lastFinalisation = batch?.finalisations.at(-1) ?? null;
    for (let i = start; i < end; i++) {
      const offset = i - start;
      const item = manifest.items[i]!;
      const bit = 1n << BigInt(offset);
      const resolved = batch !== undefined && (batch.resolvedMask & bit) !== 0n;
      const consensus = resolved ? consensusBytes[offset]! : null;
      const finalisation = resolved ? (batch!.finalisations.find((f) => (f.newlyResolvedMask & bit) !== 0n) ?? lastFinalisation) : lastFinalisation;
      let dsClass: number | null = null;
      let dsPosterior: number | null = null;
      if (aggregation) {
        dsClass = aggregation.labels[i] ?? null;
        dsPosterior = dsClass === null ? null : aggregation.posteriors[i * K + dsClass]!;
      }
      yield {
        index: i,
        cid: item.cid,
        filename: item.filename ?? null,
        mediaType: item.mediaType,
        width: item.width,
        height: item.height,
        batchId,
        consensus,
        consensusName: consensus === null ? null : className(source, consensus),
        resolved,
        dsClass,
        dsName: dsClass === null ? null : className(source, dsClass),
        dsPosterior,
        votes: vectors.map(({ slot, annotator, bytes }) => ({
          annotator,
          label: bytes[offset]!,
          labelName: className(source, bytes[offset]!),
          batchId,
          slot: slot.slot,
          round: slot.round,
          revealTx: slot.revealTx,
        })),
        finaliseTx: finalisation?.tx ?? null,
        finaliseBlock: finalisation ? finalisation.block.toString() : null,
      };
    }
  }
}
