import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";
import { generateSalt, packLabels } from "@crowdlabel/sdk";

/** Gold answers as committed at task creation and revealed later (keep the file!). */
export type GoldFile = {
  kind: "crowdlabel-gold";
  version: 1;
  chainId: number;
  contract: Address;
  manifestCid: string;
  taskId?: string;
  items: number[];
  labels: Hex;
  salt: Hex;
  commitment: Hex;
};

/** keccak256(abi.encode(uint32[] items, bytes labels, bytes32 salt)), as Crowdlabel.revealGold checks it. */
export function goldCommitment(items: readonly number[], labels: Hex, salt: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [items, labels, salt]));
}

/** Builds the gold file from item -> class answers (items sorted, one byte per answer). */
export function makeGold(p: {
  answers: ReadonlyMap<number, number> | Record<number, number>;
  classCount: number;
  chainId: number;
  contract: Address;
  manifestCid: string;
  salt?: Hex;
}): GoldFile {
  const entries = (p.answers instanceof Map ? [...p.answers.entries()] : Object.entries(p.answers).map(([k, v]) => [Number(k), v] as const)).sort((a, b) => a[0] - b[0]);
  const items = entries.map(([item]) => item);
  const labels = packLabels(
    entries.map(([, label]) => label),
    { classCount: p.classCount },
  );
  const salt = p.salt ?? generateSalt();
  return { kind: "crowdlabel-gold", version: 1, chainId: p.chainId, contract: p.contract, manifestCid: p.manifestCid, items, labels, salt, commitment: goldCommitment(items, labels, salt) };
}

export function parseGoldFile(text: string): GoldFile {
  const value = JSON.parse(text) as Partial<GoldFile>;
  if (value.kind !== "crowdlabel-gold" || !Array.isArray(value.items) || typeof value.labels !== "string" || typeof value.salt !== "string")
    throw new Error("This is not a Crowdlabel gold file.");
  const commitment = goldCommitment(value.items, value.labels as Hex, value.salt as Hex);
  if (value.commitment && value.commitment.toLowerCase() !== commitment.toLowerCase()) throw new Error("The gold file is corrupted: its commitment does not match its answers.");
  return { ...(value as GoldFile), commitment };
}

/**
 * One image per batch, for spreading gold: an annotator is scored on gold only in batches that hold some, so gold in
 * the first images alone checks only whoever labels the first batches. Each batch shows the image the owner moved to
 * (`offsets[batch]` images into it, wrapping), else its first gold image, else its middle one.
 */
export function onePerBatch(itemCount: number, batchSize: number, gold: Record<number, number> = {}, offsets: Record<number, number> = {}): number[] {
  const size = Math.max(1, Math.floor(batchSize));
  const firstGold = new Map<number, number>();
  for (const key of Object.keys(gold)) {
    const item = Number(key);
    const batch = Math.floor(item / size);
    if (item < itemCount && item < (firstGold.get(batch) ?? Infinity)) firstGold.set(batch, item);
  }
  const out: number[] = [];
  for (let batch = 0, start = 0; start < itemCount; batch++, start += size) {
    const length = Math.min(itemCount, start + size) - start;
    const offset = offsets[batch];
    out.push(offset !== undefined ? start + (((offset % length) + length) % length) : (firstGold.get(batch) ?? start + Math.floor((length - 1) / 2)));
  }
  return out;
}

/** How many batches hold at least one gold answer, of how many. */
export function goldCoverage(gold: Record<number, number>, itemCount: number, batchSize: number): { batchesWithGold: number; batchCount: number } {
  const size = Math.max(1, Math.floor(batchSize));
  const batches = new Set(Object.keys(gold).map((item) => Math.floor(Number(item) / size)));
  return { batchesWithGold: batches.size, batchCount: Math.ceil(itemCount / size) };
}
