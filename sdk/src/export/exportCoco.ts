import { getAddress } from "viem";
import type { DatasetSource } from "./DatasetSource.ts";
import { CANNOT_LABEL, itemRecords } from "./itemRecords.ts";
import { roundPosterior, withProgress, type ExportOptions } from "./exportJsonl.ts";
import { imageFileName } from "./fileNames.ts";

/**
 * COCO-style JSON for image classification: `images` (every item, with its CID; `file_name` unique and file-system safe,
 * `imageFileName`, the name the HF export gives the image; `original_file_name` as the manifest has it), `categories`
 * (class ids as in the manifest, 0-based, plus `cannot_label` = classCount), `annotations` (one per
 * item with consensus: `category_id` = consensus class, no bbox; `score` = Dawid-Skene posterior of
 * the consensus class when an aggregation is given). Streamed as text chunks.
 */
export async function* exportCoco(source: DatasetSource, options: ExportOptions = {}): AsyncGenerator<string> {
  const { task, manifest } = source;
  const contract = getAddress(task.contract);
  const info = {
    description: manifest.title,
    version: "1",
    contributor: "Crowdlabel",
    url: `crowdlabel://${task.chainId}/${contract}/${task.id}`,
    crowdlabel: {
      chainId: task.chainId,
      contract,
      taskId: task.id.toString(),
      manifestCid: source.manifestCid,
      ...(options.pooledWith?.length ? { dawidSkenePooledWith: options.pooledWith.map(String) } : {}),
    },
  };
  const categories = [
    ...manifest.classes.map((c) => ({ id: c.id, name: c.name, supercategory: "class" })),
    { id: task.classCount, name: CANNOT_LABEL, supercategory: "none" },
  ];
  yield `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(categories)},"images":[`;
  let first = true;
  let chunk: string[] = [];
  for (const r of itemRecords(source)) {
    chunk.push(
      `${first ? "" : ","}${JSON.stringify({
        id: r.index,
        file_name: imageFileName(r),
        ...(r.filename === null ? {} : { original_file_name: r.filename }),
        width: r.width,
        height: r.height,
        cid: r.cid,
        media_type: r.mediaType,
      })}`,
    );
    first = false;
    if (chunk.length >= 2000) {
      yield chunk.join("");
      chunk = [];
    }
  }
  yield `${chunk.join("")}],"annotations":[`;
  chunk = [];
  first = true;
  let annotationId = 1;
  for (const r of withProgress(itemRecords(source, options.aggregation), task.itemCount, options)) {
    if (r.consensus === null) continue;
    const aggregation = options.aggregation;
    const score = aggregation ? roundPosterior(aggregation.posteriors[r.index * (task.classCount + 1) + r.consensus] ?? null) : null;
    chunk.push(
      `${first ? "" : ","}${JSON.stringify({
        id: annotationId++,
        image_id: r.index,
        category_id: r.consensus,
        iscrowd: 0,
        votes: r.votes.length,
        agreeing: r.votes.filter((v) => v.label === r.consensus).length,
        ...(score === null ? {} : { score }),
        finalise_tx: r.finaliseTx,
      })}`,
    );
    first = false;
    if (chunk.length >= 2000) {
      yield chunk.join("");
      chunk = [];
    }
  }
  yield `${chunk.join("")}]}\n`;
}
