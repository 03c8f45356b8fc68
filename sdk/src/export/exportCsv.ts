import type { DatasetSource } from "./DatasetSource.ts";
import { itemRecords, type ItemRecord } from "./itemRecords.ts";
import { chunkLines, roundPosterior, withProgress, type ExportOptions } from "./exportJsonl.ts";

export const csvColumns = [
  "index",
  "cid",
  "filename",
  "media_type",
  "width",
  "height",
  "batch_id",
  "resolved",
  "consensus_class",
  "consensus_name",
  "ds_class",
  "ds_name",
  "ds_posterior",
  "vote_count",
  "votes",
  "finalise_tx",
  "finalise_block",
] as const;

/** Text a spreadsheet would run as a formula (= + - @, tab, CR), or that starts with the apostrophe guarding one. */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled). Text from the
 * manifest (file and class names) that starts like a formula gets a leading `'`, which Excel, Sheets and
 * LibreOffice show as text; a leading `'` is doubled the same way so `csvText` can undo it exactly.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The value `csvField` wrote, from a parsed cell: drops the `'` it added before formula-like text. */
export function csvText(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** Votes in one CSV cell: `annotator:label:slot:round` joined by `;`. */
export function csvVotes(record: ItemRecord): string {
  return record.votes.map((v) => `${v.annotator}:${v.label}:${v.slot}:${v.round}`).join(";");
}

export function csvRow(record: ItemRecord): string[] {
  return [
    csvField(record.index),
    csvField(record.cid),
    csvField(record.filename),
    csvField(record.mediaType),
    csvField(record.width),
    csvField(record.height),
    csvField(record.batchId),
    csvField(record.resolved),
    csvField(record.consensus),
    csvField(record.consensusName),
    csvField(record.dsClass),
    csvField(record.dsName),
    csvField(roundPosterior(record.dsPosterior)),
    csvField(record.votes.length),
    csvField(csvVotes(record)),
    csvField(record.finaliseTx),
    csvField(record.finaliseBlock),
  ];
}

/** CSV export (header + one row per item); votes are packed in one cell, reveal txs are in the JSONL export only. */
export function exportCsv(source: DatasetSource, options: ExportOptions = {}): AsyncGenerator<string> {
  function* lines() {
    yield `${csvColumns.join(",")}\n`;
    for (const record of withProgress(itemRecords(source, options.aggregation), source.task.itemCount, options))
      yield `${csvRow(record).join(",")}\n`;
  }
  return chunkLines(lines());
}
