import { encodeAbiParameters, keccak256, toHex, type Address, type Chain, type Hex, type PublicClient, type TestClient, type Transport } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import type { TaskManifestInput } from "@crowdlabel/sdk";
import {
  claimBatches,
  commitLabels,
  connectDevchain,
  createTask,
  finaliseBatch,
  fundAccount,
  increaseTime,
  readCredits,
  revealLabels,
  writeCrowdlabel,
  type CreateTaskOptions,
  type Deployment,
  type Devchain,
  type LabelledSlot,
} from "@crowdlabel/sdk/devchain";
import { ipfsAdd } from "./stack.ts";

/** The sdk's createTask options with these tests' defaults (3 classes, reward 1000, bond 100, commit window 2 h). */
export type TaskOptions = Pick<CreateTaskOptions, "itemCount" | "batchSize"> &
  Partial<Omit<CreateTaskOptions, "owner" | "manifestCid" | "goldCommitment" | "fundBudget">> & {
    gold?: { items: number[]; labels: number[]; salt: Hex };
    /** A manifest CID to use as is (e.g. an invalid one); otherwise a valid manifest is uploaded. */
    manifestCid?: string;
  };

/** Labels as these tests write them: one number per item, sent as one byte each without range checks. */
export type LabelEntry = { taskId: bigint; batchId: number; labels: number[] };

const PIXEL_CIDS = ["QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"];

export function sampleManifest(itemCount: number, batchSize: number, classCount: number, itemCid = PIXEL_CIDS[0]!): TaskManifestInput {
  return {
    version: 1,
    title: `Digits ${itemCount}`,
    description: "test task",
    instructions: "pick the digit",
    classes: Array.from({ length: classCount }, (_, i) => ({ id: i, name: `digit-${i}`, hotkey: String((i + 1) % 10), colour: "#112233" })),
    examples: [],
    items: Array.from({ length: itemCount }, (_, i) => ({ cid: itemCid, mediaType: "image/png" as const, width: 8, height: 8, filename: `img${i}.png` })),
    batchSize,
  };
}

/**
 * Drives the protocol with anvil's funded accounts (by index) through the sdk's devchain helpers,
 * remembering each annotator's slots and deterministic salts so tests pass only labels.
 */
export class Protocol {
  readonly devchain: Devchain;
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly testClient: TestClient<"anvil", Transport, Chain>;
  readonly chain: Chain;
  readonly accounts: readonly PrivateKeyAccount[];
  readonly salts = new Map<string, Hex>();
  /** Slot held per annotator, task and batch (from SlotAssigned). */
  readonly slots = new Map<string, number>();

  constructor(
    readonly deployment: Deployment,
    readonly rpcUrl: string,
    readonly ipfsApiUrl: string,
  ) {
    this.devchain = connectDevchain({ rpcUrl, deployment, pollingInterval: 100 });
    ({ publicClient: this.publicClient, testClient: this.testClient, chain: this.chain, accounts: this.accounts } = this.devchain);
  }

  wallet(i: number) {
    return this.devchain.wallet(i);
  }

  address(i: number): Address {
    return this.devchain.address(i);
  }

  async blockNumber(): Promise<bigint> {
    return this.publicClient.getBlockNumber({ cacheTime: 0 });
  }

  async increaseTime(seconds: number) {
    await increaseTime(this.devchain, seconds);
  }

  async fund(i: number, amount: bigint) {
    await fundAccount(this.devchain, { account: i, amount, allowance: 2n ** 255n });
  }

  async uploadManifest(manifest: unknown): Promise<string> {
    return ipfsAdd(this.ipfsApiUrl, JSON.stringify(manifest), "manifest.json");
  }

  async createTask(owner: number, o: TaskOptions): Promise<{ taskId: bigint; manifestCid: string }> {
    const { gold, manifestCid: givenCid, ...params } = o;
    const classCount = o.classCount ?? 3;
    const manifestCid = givenCid ?? (await this.uploadManifest(sampleManifest(o.itemCount, o.batchSize, classCount)));
    const goldCommitment = gold
      ? keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [gold.items, toHex(Uint8Array.from(gold.labels)), gold.salt]))
      : undefined;
    const { taskId } = await createTask(this.devchain, {
      ...params,
      owner,
      manifestCid,
      classCount,
      commitWindow: o.commitWindow ?? 7_200,
      rewardPerLabel: o.rewardPerLabel ?? 1_000n,
      bondPerClaim: o.bondPerClaim ?? 100n,
      goldCommitment,
    });
    return { taskId, manifestCid };
  }

  /** requestClaim then assign: returns the batches assigned. */
  async claim(annotator: number, taskId: bigint, count: number): Promise<number[]> {
    const assigned = await claimBatches(this.devchain, { annotator, taskId, count });
    for (const a of assigned) this.slots.set(`${annotator}:${taskId}:${a.batchId}`, a.slot);
    return assigned.map((a) => a.batchId);
  }

  slotOf(annotator: number, taskId: bigint, batchId: number): number {
    const slot = this.slots.get(`${annotator}:${taskId}:${batchId}`);
    if (slot === undefined) throw new Error(`annotator ${annotator} holds no slot in ${taskId}/${batchId}`);
    return slot;
  }

  saltOf(annotator: number, taskId: bigint, batchId: number): Hex {
    const key = `${annotator}:${taskId}:${batchId}`;
    let salt = this.salts.get(key);
    if (!salt) {
      salt = keccak256(toHex(key));
      this.salts.set(key, salt);
    }
    return salt;
  }

  private labelled(annotator: number, entries: LabelEntry[]): LabelledSlot[] {
    return entries.map((e) => ({
      taskId: e.taskId,
      batchId: e.batchId,
      slot: this.slotOf(annotator, e.taskId, e.batchId),
      labels: toHex(Uint8Array.from(e.labels)),
      salt: this.saltOf(annotator, e.taskId, e.batchId),
    }));
  }

  async commit(annotator: number, entries: LabelEntry[]) {
    await commitLabels(this.devchain, { annotator, slots: this.labelled(annotator, entries) });
  }

  async reveal(annotator: number, entries: LabelEntry[]) {
    await revealLabels(this.devchain, { annotator, slots: this.labelled(annotator, entries) });
  }

  /** finalise with the vectors re-read from the chain's LabelsRevealed logs. */
  async finalise(caller: number, taskId: bigint, batchId: number) {
    return finaliseBatch(this.devchain, { caller, taskId, batchId });
  }

  async close(owner: number, taskId: bigint) {
    return writeCrowdlabel(this.devchain, owner, "closeTask", [taskId]);
  }

  async withdraw(account: number) {
    return writeCrowdlabel(this.devchain, account, "withdraw", [this.deployment.token]);
  }

  async revealGold(owner: number, taskId: bigint, gold: { items: number[]; labels: number[]; salt: Hex }) {
    return writeCrowdlabel(this.devchain, owner, "revealGold", [taskId, gold.items, toHex(Uint8Array.from(gold.labels)), gold.salt]);
  }

  async publishDataset(owner: number, taskId: bigint, cid: string) {
    return writeCrowdlabel(this.devchain, owner, "publishDataset", [taskId, cid]);
  }

  async credits(account: number): Promise<bigint> {
    return readCredits(this.devchain, this.address(account));
  }
}
