import type { DatasetSource } from "./DatasetSource.ts";
import { itemRecords, type ItemRecord } from "./itemRecords.ts";
import { csvColumns, csvText, csvVotes } from "./exportCsv.ts";
import { parseCsv } from "./parseCsv.ts";
import { CrowdlabelError } from "../errors.ts";

export type ExportMismatch = {
  /** Item index (null for problems with the file as a whole). */
  index: number | null;
  field: string;
  expected: unknown;
  actual: unknown;
};

export type VerifyExportResult = {
  ok: boolean;
  /** Items found in the export and compared. */
  checked: number;
  /** Items of the task missing from the export. */
  missing: number[];
  mismatchCount: number;
  /** The first `maxMismatches` mismatches. */
  mismatches: ExportMismatch[];
};

export type VerifyExportOptions = {
  format: "jsonl" | "csv";
  /** Keep at most this many mismatch details (default 100); all are counted. */
  maxMismatches?: number;
};

/** The binding, chain-derived facts of an item that an export must reproduce exactly. */
type Comparable = {
  cid: string;
  resolved: boolean;
  consensus: number | null;
  consensusName: string | null;
  votes: string;
  finaliseTx: string | null;
};

function fromRecord(r: ItemRecord, format: "jsonl" | "csv"): Comparable {
  return {
    cid: r.cid,
    resolved: r.resolved,
    consensus: r.consensus,
    consensusName: r.consensusName,
    votes:
      format === "csv"
        ? csvVotes(r).toLowerCase()
        : JSON.stringify(r.votes.map((v) => [v.annotator.toLowerCase(), v.label, v.batchId, v.slot, v.round, v.revealTx?.toLowerCase() ?? null])),
    finaliseTx: r.finaliseTx?.toLowerCase() ?? null,
  };
}

type JsonlLine = {
  index?: unknown;
  cid?: unknown;
  resolved?: unknown;
  consensus?: { classId?: unknown; name?: unknown } | null;
  votes?: unknown;
  finalise?: { tx?: unknown } | null;
};

/** An address or hash as compared (lower case); any other value as its JSON, so that it mismatches instead of throwing. */
const lowerHex = (value: unknown): string | null => (typeof value === "string" ? value.toLowerCase() : value == null ? null : JSON.stringify(value));

/** A JSONL vote as `fromRecord` writes it; what is not a vote object stays as it is, to be reported as a mismatch. */
function voteTuple(vote: unknown): unknown {
  if (!vote || typeof vote !== "object") return vote;
  const v = vote as Record<string, unknown>;
  return [lowerHex(v.annotator), v.label, v.batchId, v.slot, v.round, lowerHex(v.revealTx)];
}

async function* jsonlItems(text: AsyncIterable<string> | Iterable<string>, report: (m: ExportMismatch) => void): AsyncGenerator<[number, Comparable]> {
  let buffer = "";
  let lineNo = 0;
  const parse = (line: string): [number, Comparable] | null => {
    lineNo++;
    if (!line.trim()) return null;
    let value: JsonlLine;
    try {
      value = JSON.parse(line) as JsonlLine;
    } catch {
      report({ index: null, field: `line ${lineNo}`, expected: "a JSON object", actual: line.slice(0, 80) });
      return null;
    }
    if (!value || typeof value !== "object") {
      report({ index: null, field: `line ${lineNo}`, expected: "a JSON object", actual: line.slice(0, 80) });
      return null;
    }
    if (typeof value.index !== "number") {
      report({ index: null, field: `line ${lineNo}.index`, expected: "a number", actual: value.index });
      return null;
    }
    return [
      value.index,
      {
        cid: String(value.cid),
        resolved: value.resolved === true,
        consensus: value.consensus ? Number(value.consensus.classId) : null,
        consensusName: value.consensus ? String(value.consensus.name) : null,
        votes: JSON.stringify(Array.isArray(value.votes) ? value.votes.map(voteTuple) : (value.votes ?? [])),
        finaliseTx: lowerHex(value.finalise?.tx),
      },
    ];
  };
  for await (const chunk of text) {
    buffer += chunk;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const item = parse(buffer.slice(0, newline));
      if (item) yield item;
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  }
  const last = parse(buffer);
  if (last) yield last;
}

async function* csvItems(text: AsyncIterable<string> | Iterable<string>, report: (m: ExportMismatch) => void): AsyncGenerator<[number, Comparable]> {
  let columns: Map<string, number> | null = null;
  for await (const row of parseCsv(text)) {
    if (!columns) {
      columns = new Map(row.map((name, i) => [name, i]));
      for (const required of csvColumns)
        if (!columns.has(required)) report({ index: null, field: "header", expected: `column ${required}`, actual: row.join(",") });
      continue;
    }
    if (row.length === 1 && row[0] === "") continue;
    const get = (name: string) => csvText(row[columns!.get(name) ?? -1] ?? "");
    const index = Number(get("index"));
    if (!Number.isInteger(index)) {
      report({ index: null, field: "index", expected: "an integer", actual: get("index") });
      continue;
    }
    yield [
      index,
      {
        cid: get("cid"),
        resolved: get("resolved") === "true",
        consensus: get("consensus_class") === "" ? null : Number(get("consensus_class")),
        consensusName: get("consensus_name") === "" ? null : get("consensus_name"),
        votes: get("votes").toLowerCase(),
        finaliseTx: get("finalise_tx") === "" ? null : get("finalise_tx").toLowerCase(),
      },
    ];
  }
}

function normaliseInput(input: string | AsyncIterable<string | Uint8Array> | Iterable<string>): AsyncIterable<string> | Iterable<string> {
  if (typeof input === "string") return [input];
  return (async function* () {
    const decoder = new TextDecoder();
    for await (const chunk of input as AsyncIterable<string | Uint8Array>)
      yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  })();
}

/**
 * Checks an exported JSONL or CSV file against chain-derived data: every item present once, with the
 * CID of the manifest, the contract's consensus and resolved flag, exactly the revealed votes and the
 * finalising transaction. Dawid-Skene columns are estimates, not checked.
 */
export async function verifyExport(
  source: DatasetSource,
  exported: string | AsyncIterable<string | Uint8Array> | Iterable<string>,
  options: VerifyExportOptions,
): Promise<VerifyExportResult> {
  const max = options.maxMismatches ?? 100;
  const mismatches: ExportMismatch[] = [];
  let mismatchCount = 0;
  const report = (m: ExportMismatch) => {
    mismatchCount++;
    if (mismatches.length < max) mismatches.push(m);
  };
  const expected = new Map<number, Comparable>();
  for (const r of itemRecords(source)) expected.set(r.index, fromRecord(r, options.format));
  const seen = new Set<number>();
  const text = normaliseInput(exported);
  const items = options.format === "jsonl" ? jsonlItems(text, report) : options.format === "csv" ? csvItems(text, report) : null;
  if (!items) throw new CrowdlabelError(`Unknown export format ${String(options.format)}.`, { details: "Use jsonl or csv." });
  for await (const [index, actual] of items) {
    const want = expected.get(index);
    if (!want) {
      report({ index, field: "index", expected: `0..${source.task.itemCount - 1}`, actual: index });
      continue;
    }
    if (seen.has(index)) {
      report({ index, field: "index", expected: "one line per item", actual: "duplicate" });
      continue;
    }
    seen.add(index);
    for (const field of Object.keys(want) as (keyof Comparable)[])
      if (want[field] !== actual[field]) report({ index, field, expected: want[field], actual: actual[field] });
  }
  const missing = [...expected.keys()].filter((i) => !seen.has(i));
  for (const index of missing.slice(0, max)) report({ index, field: "item", expected: "present", actual: "missing" });
  mismatchCount += Math.max(0, missing.length - max);
  return { ok: mismatchCount === 0, checked: seen.size, missing, mismatchCount, mismatches };
}
