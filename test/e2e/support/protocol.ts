import { readFileSync } from "node:fs";
import { parseUnits, type Address, type Hex, type TransactionReceipt } from "viem";
import { MANIFEST_VERSION, generateSalt, packLabels, readImageInfo, taskManifestSchema, testTokenAbi, uploadFiles, type TaskManifest } from "@crowdlabel/sdk";
import {
  claimBatches,
  commitLabels,
  connectDevchain,
  createTask as createDevchainTask,
  finaliseBatch,
  increaseTime,
  readCredits,
  revealLabels,
  waitForSuccess,
  type AssignedSlot,
  type CreateTaskOptions,
  type Deployment,
  type Devchain,
  type LabelledSlot,
} from "@crowdlabel/sdk/devchain";

/** The part of a stack the chain helpers need. */
export type ChainTarget = { rpcUrl: string; chainId: number; deployment: Deployment; ipfs: { apiUrl: string; gatewayUrl: string } };

export type Digit = { file: string; digit: number; bytes: Uint8Array };

const digitsDir = new URL("../fixtures/digits/", import.meta.url);

/** The committed digit fixtures (UCI handwritten digits, CC BY 4.0), in file order. */
export function loadDigits(): Digit[] {
  const labels = JSON.parse(readFileSync(new URL("labels.json", digitsDir), "utf8")) as { file: string; digit: number }[];
  return labels.map((l) => ({ ...l, bytes: new Uint8Array(readFileSync(new URL(l.file, digitsDir))) }));
}

export const digitClasses = Array.from({ length: 10 }, (_, id) => ({
  id,
  name: String(id),
  hotkey: String(id),
  colour: `#${(0x224488 + id * 0x101010).toString(16).slice(-6)}`,
}));

/** Clients for a stack (the sdk's devchain): reads, anvil controls (time travel) and one wallet per anvil default account. */
export function chainClients(target: ChainTarget): Devchain {
  return connectDevchain({ rpcUrl: target.rpcUrl, deployment: target.deployment });
}

export type ChainClients = Devchain;

/** Waits for a transaction and fails the test if it reverted. */
export const mined: (clients: ChainClients, hash: Promise<Hex> | Hex) => Promise<TransactionReceipt> = waitForSuccess;

/** Moves anvil's clock forward and mines a block, so windows, deadlines and claim expiry pass. */
export const timeTravel: (clients: ChainClients, seconds: number) => Promise<void> = increaseTime;

export async function tokenBalance(clients: ChainClients, target: ChainTarget, account: Address): Promise<bigint> {
  return clients.publicClient.readContract({ address: target.deployment.token, abi: testTokenAbi, functionName: "balanceOf", args: [account] });
}

export async function credits(clients: ChainClients, _target: ChainTarget, account: Address): Promise<bigint> {
  return readCredits(clients, account);
}

/** Uploads digit images and a manifest for them (through the sdk, as the CLI does); returns the manifest and its CID. */
export async function uploadDigitTask(target: ChainTarget, options: { digits: Digit[]; title: string; batchSize: number }): Promise<{ manifest: TaskManifest; manifestCid: string }> {
  const config = { apiUrl: target.ipfs.apiUrl, gatewayUrl: target.ipfs.gatewayUrl };
  const uploaded = await uploadFiles({ config, files: options.digits.map((d) => ({ path: d.file, content: d.bytes })) });
  const manifest = taskManifestSchema.parse({
    version: MANIFEST_VERSION,
    title: options.title,
    description: "Handwritten digits (UCI, CC BY 4.0).",
    instructions: "Press the digit you see (0-9).",
    classes: digitClasses,
    examples: [],
    items: uploaded.map((u, i) => {
      const info = readImageInfo(options.digits[i]!.bytes)!;
      return { cid: u.cid, mediaType: info.mediaType, width: info.width, height: info.height, filename: u.path };
    }),
    batchSize: options.batchSize,
  });
  const [file] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(manifest)) }] });
  return { manifest, manifestCid: file!.cid };
}

/** The sdk's createTask options with amounts in whole tokens (18 decimals) and 10 classes by default. */
export type TaskSettings = Pick<CreateTaskOptions, "manifestCid" | "itemCount" | "batchSize"> &
  Partial<Pick<CreateTaskOptions, "classCount" | "redundancy" | "maxRedundancy" | "minAgreement" | "claimTtl" | "commitWindow" | "revealWindow" | "deadlineIn">> & {
    reward?: string;
    bond?: string;
  };

/** Creates a task from `owner` (faucet + approve of exactly its budget, then createTask); returns its id. */
export async function createTask(clients: ChainClients, _target: ChainTarget, owner: number, settings: TaskSettings): Promise<bigint> {
  const { reward = "1", bond = "0", classCount = 10, ...rest } = settings;
  const { taskId } = await createDevchainTask(clients, {
    ...rest,
    owner,
    classCount,
    rewardPerLabel: parseUnits(reward, 18),
    bondPerClaim: parseUnits(bond, 18),
    fundBudget: true,
  });
  return taskId;
}

export type Slot = AssignedSlot;

/** requestClaim + assign (next block) for one annotator; returns the assigned slots. */
export async function claim(clients: ChainClients, _target: ChainTarget, annotator: number, taskId: bigint, count = 1): Promise<Slot[]> {
  return claimBatches(clients, { annotator, taskId, count });
}

export type CommittedSlot = Slot & LabelledSlot;

/** Commits labels (one per item of the batch) for a slot with a fresh salt; returns what the reveal needs. */
export async function commit(clients: ChainClients, _target: ChainTarget, slot: Slot, labels: number[], classCount = 10): Promise<CommittedSlot> {
  const committed: CommittedSlot = { ...slot, labels: packLabels(labels, { classCount }), salt: generateSalt() };
  await commitLabels(clients, { annotator: slot.annotator, slots: [committed] });
  return committed;
}

export async function reveal(clients: ChainClients, _target: ChainTarget, committed: CommittedSlot): Promise<TransactionReceipt> {
  return revealLabels(clients, { annotator: committed.annotator, slots: [committed] });
}

/** Finalises a batch's round with every slot's revealed vector (empty for slots that did not reveal), in slot order. */
export async function finalise(clients: ChainClients, _target: ChainTarget, options: { taskId: bigint; batchId: number; revealed: (Hex | null)[]; by?: number }): Promise<TransactionReceipt> {
  return finaliseBatch(clients, { caller: options.by ?? 0, taskId: options.taskId, batchId: options.batchId, labels: options.revealed });
}
