import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { MANIFEST_VERSION, type TaskManifest } from "@crowdlabel/sdk";
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

const manifestCids = new WeakMap<TaskPlan, string>();

/** CID of the task manifest's JSON. */
export function manifestCidOf(plan: TaskPlan): string {
  let cid = manifestCids.get(plan);
  if (!cid) manifestCids.set(plan, (cid = rawCid(JSON.stringify(simManifest(plan)))));
  return cid;
}
