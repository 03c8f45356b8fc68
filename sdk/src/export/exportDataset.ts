import type { ManifestItem } from "../manifest/taskManifestSchema.ts";
import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { CrowdlabelError } from "../errors.ts";
import type { DatasetSource } from "./DatasetSource.ts";
import { exportCoco } from "./exportCoco.ts";
import { exportCsv } from "./exportCsv.ts";
import { exportHfImagefolder, type HfProgress } from "./exportHfImagefolder.ts";
import { exportJsonl } from "./exportJsonl.ts";

/** Every export format, with the media type and file extension it is served and saved with. */
export const exportFormats = {
  jsonl: { mediaType: "application/x-ndjson; charset=utf-8", extension: "jsonl" },
  csv: { mediaType: "text/csv; charset=utf-8", extension: "csv" },
  coco: { mediaType: "application/json; charset=utf-8", extension: "coco.json" },
  hf: { mediaType: "application/zip", extension: "hf.zip" },
} as const;

export type ExportFormat = keyof typeof exportFormats;

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && Object.hasOwn(exportFormats, value);
}

export type ExportDatasetOptions = {
  format: ExportFormat;
  aggregation?: DawidSkeneResult;
  /** Other tasks `aggregation` was fitted with (`aggregateDatasets`); COCO `info` and the HF card name them. */
  pooledWith?: readonly bigint[];
  /** Needed by `hf`: the image bytes of an item, verified against its CID. */
  fetchImage?: (cid: string, item: ManifestItem) => Promise<Uint8Array>;
  /** `hf` dataset card license. */
  license?: string;
  /** Items (or, for `hf`, images) done so far. */
  onProgress?: (progress: { done: number; total: number } | HfProgress) => void;
  progressEvery?: number;
};

export class MissingImageFetcherError extends CrowdlabelError {
  override name = "MissingImageFetcherError";
  constructor() {
    super("The Hugging Face export needs the images: pass fetchImage.", {
      details: "e.g. fetchImage: (cid) => fetchVerified({ config, cid })",
    });
  }
}

/** Streams a dataset in one of the export formats (the one place that maps a format to its exporter). */
export function exportDataset(source: DatasetSource, options: ExportDatasetOptions): AsyncGenerator<string | Uint8Array> {
  const { format, aggregation, pooledWith, onProgress, progressEvery } = options;
  switch (format) {
    case "jsonl":
      return exportJsonl(source, { aggregation, onProgress, progressEvery });
    case "csv":
      return exportCsv(source, { aggregation, onProgress, progressEvery });
    case "coco":
      return exportCoco(source, { aggregation, pooledWith, onProgress, progressEvery });
    case "hf": {
      if (!options.fetchImage) throw new MissingImageFetcherError();
      return exportHfImagefolder(source, { aggregation, pooledWith, fetchImage: options.fetchImage, license: options.license, onProgress });
    }
  }
}
