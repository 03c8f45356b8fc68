import type { DatasetSource } from "./DatasetSource.ts";
import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { itemRecords, type ItemRecord } from "./itemRecords.ts";

export type ExportOptions = {
  /** Dawid-Skene over the task's labels (`aggregateDataset(source)`); the DS columns are null without it. */
  aggregation?: DawidSkeneResult;
  /** Other tasks `aggregation` was fitted with (`aggregateDatasets`); COCO `info` and the HF card name them. */
  pooledWith?: readonly bigint[];
  /** Called every `progressEvery` items (default 1000) and at the end. */
  onProgress?: (progress: { done: number; total: number }) => void;
  progressEvery?: number;
};

/** Rounds a posterior so exports are stable across platforms and small. */
export const roundPosterior = (p: number | null) => (p === null ? null : Math.round(p * 1e6) / 1e6);

/** The JSON object of one JSONL line (see README for the field list). */
export function jsonlRecord(record: ItemRecord) {
  return {
    index: record.index,
    cid: record.cid,
    filename: record.filename,
    mediaType: record.mediaType,
    width: record.width,
    height: record.height,
    batchId: record.batchId,
    resolved: record.resolved,
    consensus: record.consensus === null ? null : { classId: record.consensus, name: record.consensusName },
    dawidSkene: record.dsClass === null ? null : { classId: record.dsClass, name: record.dsName, posterior: roundPosterior(record.dsPosterior) },
    votes: record.votes,
    finalise: record.finaliseTx === null ? null : { tx: record.finaliseTx, block: record.finaliseBlock },
  };
}

/** Chunks of text in groups of lines, so a consumer's writes stay few without holding the whole export. */
export async function* chunkLines(lines: Iterable<string>, linesPerChunk = 1000): AsyncGenerator<string> {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length >= linesPerChunk) {
      yield chunk.join("");
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join("");
}

export function* withProgress<T>(records: Iterable<T>, total: number, options: ExportOptions): Generator<T> {
  const every = options.progressEvery ?? 1000;
  let done = 0;
  for (const record of records) {
    yield record;
    done++;
    if (options.onProgress && done % every === 0) options.onProgress({ done, total });
  }
  options.onProgress?.({ done, total });
}

/**
 * JSONL export with full provenance, one item per line in manifest order: index, CID, filename,
 * binding consensus (class id + name) or null, resolved flag, Dawid-Skene class + posterior, every
 * vote (annotator, label, batch, slot, round, reveal tx) and the finalising tx + block.
 */
export function exportJsonl(source: DatasetSource, options: ExportOptions = {}): AsyncGenerator<string> {
  function* lines() {
    for (const record of withProgress(itemRecords(source, options.aggregation), source.task.itemCount, options))
      yield `${JSON.stringify(jsonlRecord(record))}\n`;
  }
  return chunkLines(lines());
}
