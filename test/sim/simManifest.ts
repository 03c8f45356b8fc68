import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { MANIFEST_VERSION, computeCid, type TaskManifest } from "@crowdlabel/sdk";
import type { TaskPlan } from "./TaskPlan.ts";

const SHA2_256 = 0x12;
const classColours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

/** CIDv1 (raw, sha2-256) of some bytes: the address the content would have on IPFS. */
export function rawCid(bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const hash = createHash("sha256").update(data).digest();
  return CID.createV1(raw.code, createDigest(SHA2_256, new Uint8Array(hash))).toString();
}

/**
 * The manifest of a replayed task. The datasets ship no images (bluebirds, rte, d_product are ids or text),
 * so each item's CID is the CID of the bytes `<dataset>/<item id>`: stable, unique, and it lets the exporters
 * map every exported record back to the dataset's item.
 */
export function simManifest(plan: TaskPlan): TaskManifest {
  return {
    version: MANIFEST_VERSION,
    title: `Crowdlabel simulator: ${plan.tag}`,
    description: `Replay of real crowd labels from the ${plan.dataset} dataset.`,
    instructions: "Replayed labels; no images.",
    classes: Array.from({ length: plan.classCount }, (_, id) => ({
      id,
      name: `class ${id}`,
      hotkey: String((id + 1) % 10),
      colour: classColours[id % classColours.length]!,
    })),
    examples: [],
    items: plan.items.map((item) => ({ cid: itemCid(plan.dataset, item), mediaType: "image/png", width: 1, height: 1, filename: `${item}.png` })),
    batchSize: plan.batchSize,
  };
}

export function itemCid(dataset: string, item: string): string {
  return rawCid(`${dataset}/${item}`);
}

const manifestFiles = new WeakMap<TaskPlan, Promise<{ bytes: Uint8Array; cid: string }>>();

/**
 * The manifest JSON of a task and its CID as `ipfs add` (CIDv1, raw leaves, Kubo chunking: the sdk's
 * `computeCid`, what `uploadFiles` returns) gives it: the CID the task is created with, whether or not the
 * run uploads the manifest to an IPFS node.
 */
export function manifestFile(plan: TaskPlan): Promise<{ bytes: Uint8Array; cid: string }> {
  let file = manifestFiles.get(plan);
  if (!file) {
    const bytes = new TextEncoder().encode(JSON.stringify(simManifest(plan)));
    manifestFiles.set(plan, (file = computeCid(bytes).then((cid) => ({ bytes, cid }))));
  }
  return file;
}

/** CID of the task manifest's JSON. */
export async function manifestCidOf(plan: TaskPlan): Promise<string> {
  return (await manifestFile(plan)).cid;
}
