import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { keccak256, toHex, type Address, type Hex } from "viem";
import type { DatasetSource, DatasetBatch } from "../src/export/DatasetSource.ts";
import { computeConsensus } from "../src/consensus/computeConsensus.ts";
import { packLabels } from "../src/commitment/packLabels.ts";
import { seededRandom } from "../src/aggregation/random.ts";

/** Deterministic fake image bytes of an item (a few hundred bytes). */
export function syntheticImage(index: number): Uint8Array {
  const bytes = new Uint8Array(200 + (index % 50));
  for (let i = 0; i < bytes.length; i++) bytes[i] = (index * 31 + i * 7) & 0xff;
  return bytes;
}

export async function rawCid(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

/**
 * A finalised task of `itemCount` items labeled by simulated annotators (accuracy 0.8) with
 * redundancy 3, minAgreement 2 and one adaptive extra round, consensus computed by the contract rule.
 */
export async function syntheticSource({ itemCount, batchSize = 50, classCount = 3, seed = 1 }: { itemCount: number; batchSize?: number; classCount?: number; seed?: number }): Promise<{ source: DatasetSource; truth: number[] }> {
  const random = seededRandom(seed);
  const annotators: Address[] = Array.from({ length: 40 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address);
  const truth = Array.from({ length: itemCount }, () => Math.floor(random() * classCount));
  const items = [];
  for (let i = 0; i < itemCount; i++)
    items.push({ cid: await rawCid(syntheticImage(i)), mediaType: "image/png" as const, width: 8, height: 8, filename: `img-${i}.png` });
  const names = ["cat", "dog", "bird", "fish", "frog"];
  const manifest = {
    version: 1 as const,
    title: "Synthetic pets",
    description: "Generated for tests.",
    instructions: "Pick the animal.",
    classes: Array.from({ length: classCount }, (_, id) => ({ id, name: names[id] ?? `class${id}`, hotkey: String(id + 1), colour: "#112233" })),
    examples: [],
    items,
    batchSize,
  };
  const tx = (tag: string): Hex => keccak256(toHex(tag));
  const batches: DatasetBatch[] = [];
  let block = 100n;
  for (let batchId = 0; batchId * batchSize < itemCount; batchId++) {
    const start = batchId * batchSize;
    const end = Math.min(itemCount, start + batchSize);
    const vote = (i: number) =>
      random() < 0.8 ? truth[i]! : random() < 0.1 ? classCount : (truth[i]! + 1 + Math.floor(random() * (classCount - 1))) % classCount;
    const slots: DatasetBatch["slots"] = [];
    const labels: (Hex | null)[] = [];
    const addSlot = (round: number) => {
      const slot = slots.length;
      const silent = random() < 0.05;
      const vector = silent ? null : packLabels(Array.from({ length: end - start }, (_, o) => vote(start + o)));
      labels.push(vector);
      slots.push({ annotator: annotators[Math.floor(random() * annotators.length)]!, slot, round, labels: vector, revealTx: vector ? tx(`reveal-${batchId}-${slot}`) : null, revealBlock: vector ? block : null });
    };
    for (let s = 0; s < 3; s++) addSlot(0);
    const params = { itemCount: end - start, minAgreement: 2, classCount, redundancy: 3, maxRedundancy: 5 };
    const first = computeConsensus({ ...params, labels });
    const finalisations = [{ round: 0, newlyResolvedMask: first.newlyResolvedMask, tx: tx(`finalise-${batchId}-0`), block: ++block }];
    let result = first;
    let rounds = 1;
    if (first.extraSlots > 0) {
      for (let s = 0; s < first.extraSlots; s++) addSlot(1);
      result = computeConsensus({ ...params, labels, previouslyResolvedMask: first.resolvedMask, previousConsensus: first.consensusBytes });
      finalisations.push({ round: 1, newlyResolvedMask: result.newlyResolvedMask, tx: tx(`finalise-${batchId}-1`), block: ++block });
      rounds = 2;
    }
    batches.push({ batchId, rounds, slots, consensus: result.consensusBytes, resolvedMask: result.resolvedMask, finalisations });
  }
  const source: DatasetSource = {
    manifest,
    manifestCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    task: {
      id: 1n,
      chainId: 31337,
      contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      owner: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      itemCount,
      batchSize,
      classCount,
      redundancy: 3,
      maxRedundancy: 5,
      minAgreement: 2,
    },
    batches,
  };
  return { source, truth };
}
