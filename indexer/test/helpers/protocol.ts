import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  http,
  keccak256,
  parseEventLogs,
  toHex,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TestClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { crowdlabelAbi, encodeCommitment, testTokenAbi, type TaskManifestInput } from "@crowdlabel/sdk";
import { anvilPrivateKeys, type Deployment } from "@crowdlabel/sdk/devchain";
import { ipfsAdd } from "./stack.ts";

export type TaskOptions = {
  itemCount: number;
  batchSize: number;
  classCount?: number;
  redundancy?: number;
  maxRedundancy?: number;
  minAgreement?: number;
  rewardPerLabel?: bigint;
  bondPerClaim?: bigint;
  claimTtl?: number;
  commitWindow?: number;
  revealWindow?: number;
  deadlineIn?: number;
  minLabelsRevealed?: number;
  minAgreementBps?: number;
  gold?: { items: number[]; labels: number[]; salt: Hex };
  /** A manifest CID to use as is (e.g. an invalid one); otherwise a valid manifest is uploaded. */
  manifestCid?: string;
};

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

/** Drives the protocol with anvil's funded accounts, one helper per contract call. */
export class Protocol {
  readonly publicClient: PublicClient;
  readonly testClient: TestClient;
  readonly chain: Chain;
  readonly accounts: PrivateKeyAccount[];
  readonly salts = new Map<string, Hex>();
  /** Slot held per annotator, task and batch (from SlotAssigned). */
  readonly slots = new Map<string, number>();

  constructor(
    readonly deployment: Deployment,
    readonly rpcUrl: string,
    readonly ipfsApiUrl: string,
  ) {
    this.chain = {
      id: deployment.chainId,
      name: "anvil",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    };
    this.publicClient = createPublicClient({ chain: this.chain, transport: http(rpcUrl), pollingInterval: 100 });
    this.testClient = createTestClient({ chain: this.chain, transport: http(rpcUrl), mode: "anvil" });
    this.accounts = anvilPrivateKeys.map((k) => privateKeyToAccount(k));
  }

  wallet(i: number) {
    return createWalletClient({ account: this.accounts[i]!, chain: this.chain, transport: http(this.rpcUrl) });
  }

  address(i: number): Address {
    return this.accounts[i]!.address;
  }

  async send(i: number, request: Parameters<ReturnType<Protocol["wallet"]>["writeContract"]>[0]) {
    const hash = await this.wallet(i).writeContract(request);
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction reverted: ${hash}`);
    return receipt;
  }

  async blockNumber(): Promise<bigint> {
    return this.publicClient.getBlockNumber({ cacheTime: 0 });
  }

  async increaseTime(seconds: number) {
    await this.testClient.increaseTime({ seconds });
    await this.testClient.mine({ blocks: 1 });
  }

  async fund(i: number, amount: bigint) {
    await this.send(i, { address: this.deployment.token, abi: testTokenAbi, functionName: "faucet", args: [this.address(i), amount] });
    await this.send(i, { address: this.deployment.token, abi: testTokenAbi, functionName: "approve", args: [this.deployment.crowdlabel, 2n ** 255n] });
  }

  async uploadManifest(manifest: unknown): Promise<string> {
    return ipfsAdd(this.ipfsApiUrl, JSON.stringify(manifest), "manifest.json");
  }

  async createTask(owner: number, o: TaskOptions): Promise<{ taskId: bigint; manifestCid: string }> {
    const classCount = o.classCount ?? 3;
    const manifestCid = o.manifestCid ?? (await this.uploadManifest(sampleManifest(o.itemCount, o.batchSize, classCount)));
    const block = await this.publicClient.getBlock();
    const goldCommitment = o.gold
      ? keccak256(encodeAbiParameters([{ type: "uint32[]" }, { type: "bytes" }, { type: "bytes32" }], [o.gold.items, toHex(Uint8Array.from(o.gold.labels)), o.gold.salt]))
      : (`0x${"00".repeat(32)}` as Hex);
    const receipt = await this.send(owner, {
      address: this.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "createTask",
      args: [
        {
          token: this.deployment.token,
          manifestCid,
          itemCount: o.itemCount,
          batchSize: o.batchSize,
          classCount,
          redundancy: o.redundancy ?? 3,
          maxRedundancy: o.maxRedundancy ?? o.redundancy ?? 3,
          minAgreement: o.minAgreement ?? 2,
          rewardPerLabel: o.rewardPerLabel ?? 1_000n,
          bondPerClaim: o.bondPerClaim ?? 100n,
          claimTtl: o.claimTtl ?? 3_600,
          commitWindow: o.commitWindow ?? 7_200,
          revealWindow: o.revealWindow ?? 3_600,
          deadline: Number(block.timestamp) + (o.deadlineIn ?? 86_400),
          minLabelsRevealed: o.minLabelsRevealed ?? 0,
          minAgreementBps: o.minAgreementBps ?? 0,
          goldCommitment,
        },
      ],
    });
    const [created] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskCreated" });
    return { taskId: created!.args.taskId, manifestCid };
  }

  /** requestClaim, mine a block, assign: returns the batches assigned. */
  async claim(annotator: number, taskId: bigint, count: number): Promise<number[]> {
    await this.send(annotator, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "requestClaim", args: [taskId, count] });
    await this.testClient.mine({ blocks: 1 });
    const receipt = await this.send(annotator, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "assign", args: [taskId, this.address(annotator)] });
    const assigned = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "SlotAssigned" });
    for (const l of assigned) this.slots.set(`${annotator}:${taskId}:${l.args.batchId}`, l.args.slot);
    return assigned.map((l) => l.args.batchId);
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

  async commit(annotator: number, entries: { taskId: bigint; batchId: number; labels: number[] }[]) {
    await this.send(annotator, {
      address: this.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "commit",
      args: [
        entries.map((e) => ({
          taskId: e.taskId,
          batchId: e.batchId,
          slot: this.slotOf(annotator, e.taskId, e.batchId),
          commitment: encodeCommitment({
            chainId: this.deployment.chainId,
            contract: this.deployment.crowdlabel,
            taskId: e.taskId,
            batchId: e.batchId,
            annotator: this.address(annotator),
            labels: Uint8Array.from(e.labels),
            salt: this.saltOf(annotator, e.taskId, e.batchId),
          }),
        })),
      ],
    });
  }

  async reveal(annotator: number, entries: { taskId: bigint; batchId: number; labels: number[] }[]) {
    await this.send(annotator, {
      address: this.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "reveal",
      args: [entries.map((e) => ({ taskId: e.taskId, batchId: e.batchId, slot: this.slotOf(annotator, e.taskId, e.batchId), labels: toHex(Uint8Array.from(e.labels)), salt: this.saltOf(annotator, e.taskId, e.batchId) }))],
    });
  }

  /** finalise with the vectors re-read from the chain's LabelsRevealed logs. */
  async finalise(caller: number, taskId: bigint, batchId: number) {
    const batchInfo = await this.publicClient.readContract({ address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] });
    const slotCount = batchInfo[0].roundEnd;
    const logs = await this.publicClient.getContractEvents({
      address: this.deployment.crowdlabel,
      abi: crowdlabelAbi,
      eventName: "LabelsRevealed",
      args: { taskId, batchId },
      fromBlock: 0n,
    });
    const vectors: Hex[] = Array.from({ length: slotCount }, () => "0x");
    for (const log of logs) if (log.args.slot! < slotCount) vectors[log.args.slot!] = log.args.labels!;
    return this.send(caller, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "finalise", args: [taskId, batchId, vectors] });
  }

  async close(owner: number, taskId: bigint) {
    return this.send(owner, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "closeTask", args: [taskId] });
  }

  async withdraw(account: number) {
    return this.send(account, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "withdraw", args: [this.deployment.token] });
  }

  async revealGold(owner: number, taskId: bigint, gold: { items: number[]; labels: number[]; salt: Hex }) {
    return this.send(owner, {
      address: this.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "revealGold",
      args: [taskId, gold.items, toHex(Uint8Array.from(gold.labels)), gold.salt],
    });
  }

  async publishDataset(owner: number, taskId: bigint, cid: string) {
    return this.send(owner, { address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "publishDataset", args: [taskId, cid] });
  }

  async credits(account: number): Promise<bigint> {
    return this.publicClient.readContract({ address: this.deployment.crowdlabel, abi: crowdlabelAbi, functionName: "credits", args: [this.deployment.token, this.address(account)] });
  }
}
