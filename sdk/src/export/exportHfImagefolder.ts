import type { DatasetSource } from "./DatasetSource.ts";
import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { CANNOT_LABEL, itemRecords, type ItemRecord } from "./itemRecords.ts";
import { datasetStats } from "./datasetStats.ts";
import { datasetCard } from "./datasetCard.ts";
import { roundPosterior } from "./exportJsonl.ts";
import type { ManifestItem } from "../manifest/taskManifestSchema.ts";
import { CrowdlabelError } from "../errors.ts";
import { ZipWriter } from "./zipWriter.ts";
import { imageFileName, safeName } from "./fileNames.ts";

export type HfProgress = { phase: "images" | "done"; done: number; total: number; bytes: number };

export type ExportHfImagefolderOptions = {
  /** Returns the image bytes of an item, verified against its CID (e.g. `createIpfs(config).fetchVerified`). */
  fetchImage: (cid: string, item: ManifestItem) => Promise<Uint8Array>;
  aggregation?: DawidSkeneResult;
  /** Other tasks `aggregation` was fitted with (`aggregateDatasets`), named in the dataset card. */
  pooledWith?: readonly bigint[];
  /** Images fetched ahead while the zip is written (default 4). */
  concurrency?: number;
  /** Also ship items whose consensus is "cannot label" (folder `cannot_label`); default false. */
  includeCannotLabel?: boolean;
  /** Dataset card license (YAML `license:`), default "other". */
  license?: string;
  onProgress?: (progress: HfProgress) => void;
};

const SVG = "image/svg+xml";

/** `fetchImage` failed for an item (unreachable, missing or not matching its CID). */
export class ImageFetchError extends CrowdlabelError {
  override name = "ImageFetchError";
  readonly cid: string;
  readonly index: number;
  constructor({ cid, index, cause }: { cid: string; index: number; cause: unknown }) {
    super(`Image ${cid} (item ${index}) could not be fetched for the export.`, {
      details: cause instanceof CrowdlabelError ? cause.shortMessage : cause instanceof Error ? cause.message : String(cause),
      cause,
    });
    this.cid = cid;
    this.index = index;
  }
}

/** The key two names clash on where case does not count (macOS, Windows): full case folding, so "ς" meets "σ". */
const caseFolded = (name: string) => name.toUpperCase().toLowerCase();

/**
 * The folder of each label: `classNames` in label order, then `cannot_label` (label `classNames.length`).
 * Names that sanitise alike get `_<label>` (then `_2`, `_3`, …) until unused; compared case-insensitively
 * because the zip is often unpacked on macOS or Windows. "cannot label" is placed first so that it keeps its name.
 */
export function classFolders(classNames: readonly string[]): string[] {
  const used = new Set<string>();
  const place = (name: string, label: number) => {
    // A name with nothing file-safe ("🐱", "?") is named after its label: suffixed "_", "__1" would be skipped.
    const base = safeName(name, `class_${label}`);
    let folder = base;
    for (let n = 1; used.has(caseFolded(folder)); n++) folder = n === 1 ? `${base}_${label}` : `${base}_${label}_${n}`;
    used.add(caseFolded(folder));
    return folder;
  };
  const cannotLabel = place(CANNOT_LABEL, classNames.length);
  return [...classNames.map(place), cannotLabel];
}

/** Zip path of an item's image inside `train/`: `<class folder>/<imageFileName>`. */
export function hfImagePath(record: ItemRecord, folder: string): string {
  return `${folder}/${imageFileName(record)}`;
}

/**
 * Hugging Face `imagefolder` dataset as a streamed zip: `README.md` (dataset card),
 * `train/<class>/<image>` for every item with consensus (but SVG ones, which `datasets` cannot load; the card counts
 * them) and `train/metadata.jsonl`
 * (`file_name`, `label`, `label_name`, `cid`, `index`, votes, agreeing votes, Dawid-Skene class and
 * posterior, finalising tx). Images are fetched one window at a time (`concurrency`), verified by
 * `fetchImage`, and never all held in memory; images are stored, text is deflated (`ZipWriter`: Zip64 past 65,535
 * files or 4 GiB).
 */
export async function* exportHfImagefolder(source: DatasetSource, options: ExportHfImagefolderOptions): AsyncGenerator<Uint8Array> {
  const { task, manifest } = source;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const folders = classFolders(manifest.classes.map((c) => c.name));
  const folderOf = (label: number) => (label === task.classCount ? folders.at(-1)! : folders[label]!);

  const zip = new ZipWriter();
  const aggregation = options.aggregation;
  const labeled = [...itemRecords(source, aggregation)].filter((r) => r.consensus !== null && (options.includeCannotLabel || r.consensus !== task.classCount));
  // `datasets` finds images by the extensions Pillow reads, and Pillow reads no SVG: it would skip them without a word.
  const selected = labeled.filter((r) => r.mediaType !== SVG);
  const stats = datasetStats(source, aggregation);
  const card = datasetCard({ source, stats, recordCount: selected.length, svgLeftOut: labeled.length - selected.length, license: options.license, pooledWith: options.pooledWith });
  yield* zip.add("README.md", card, { deflate: true });

  const metadata: string[] = [];
  const total = selected.length;
  let bytes = 0;
  const pending: Promise<Uint8Array>[] = [];
  let next = 0;
  const schedule = () => {
    while (pending.length < concurrency && next < total) {
      const r = selected[next++]!;
      const image = options.fetchImage(r.cid, manifest.items[r.index]!).catch((cause: unknown) => {
        throw new ImageFetchError({ cid: r.cid, index: r.index, cause });
      });
      // a failure surfaces when its turn comes; do not let prefetched ones go unhandled meanwhile
      image.catch(() => undefined);
      pending.push(image);
    }
  };
  schedule();
  for (let done = 0; done < total; done++) {
    const record = selected[done]!;
    const image = await pending.shift()!;
    schedule();
    const path = hfImagePath(record, folderOf(record.consensus!));
    bytes += image.length;
    metadata.push(
      `${JSON.stringify({
        file_name: path,
        label: record.consensus,
        label_name: record.consensusName,
        index: record.index,
        cid: record.cid,
        votes: record.votes.length,
        agreeing: record.votes.filter((v) => v.label === record.consensus).length,
        ds_class: record.dsClass,
        ds_posterior: roundPosterior(record.dsPosterior),
        finalise_tx: record.finaliseTx,
      })}\n`,
    );
    options.onProgress?.({ phase: "images", done: done + 1, total, bytes });
    yield* zip.add(`train/${path}`, image);
  }
  yield* zip.add("train/metadata.jsonl", metadata.join(""), { deflate: true });
  yield* zip.end();
  options.onProgress?.({ phase: "done", done: total, total, bytes });
}
