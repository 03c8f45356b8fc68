import { readFileSync } from "node:fs";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  parseEventLogs,
  parseUnits,
  zeroHash,
  type Address,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  crowdlabelAbi,
  encodeCommitment,
  generateSalt,
  MANIFEST_VERSION,
  packLabels,
  readImageInfo,
  taskManifestSchema,
  testTokenAbi,
  uploadFiles,
  type TaskManifest,
} from "@crowdlabel/sdk";
import { anvilPrivateKeys, type Deployment } from "@crowdlabel/sdk/devchain";

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

/** Clients for a stack: reads, anvil controls (time travel) and one wallet per anvil default account. */
export function chainClients(target: ChainTarget) {
  const chain = defineChain({
    id: target.chainId,
    name: `anvil ${target.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [target.rpcUrl] } },
  });
  const transport = http(target.rpcUrl);
  const publicClient = createPublicClient({ chain, transport });
  const testClient = createTestClient({ chain, transport, mode: "anvil" });
  const wallet = (index: number) => createWalletClient({ chain, transport, account: privateKeyToAccount(anvilPrivateKeys[index]!) });
  const address = (index: number): Address => privateKeyToAccount(anvilPrivateKeys[index]!).address;
  return { chain, publicClient, testClient, wallet, address };
}

export type ChainClients = ReturnType<typeof chainClients>;

/** Waits for a transaction and fails the test if it reverted. */
export async function mined(clients: ChainClients, hash: Promise<Hex> | Hex): Promise<TransactionReceipt> {
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

/** Moves anvil's clock forward and mines a block, so windows, deadlines and claim expiry pass. */
export async function timeTravel(clients: ChainClients, seconds: number): Promise<void> {
  await clients.testClient.increaseTime({ seconds });
  await clients.testClient.mine({ blocks: 1 });
}

export async function tokenBalance(clients: ChainClients, target: ChainTarget, account: Address): Promise<bigint> {
  return clients.publicClient.readContract({ address: target.deployment.token, abi: testTokenAbi, functionName: "balanceOf", args: [account] });
}

export async function credits(clients: ChainClients, target: ChainTarget, account: Address): Promise<bigint> {
  return clients.publicClient.readContract({
    address: target.deployment.crowdlabel,
    abi: crowdlabelAbi,
    functionName: "credits",
    args: [target.deployment.token, account],
  });
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

export type TaskSettings = {
  manifestCid: string;
  itemCount: number;
  batchSize: number;
  classCount?: number;
  redundancy?: number;
  maxRedundancy?: number;
  minAgreement?: number;
  /** In whole tokens (18 decimals). */
  reward?: string;
  bond?: string;
  claimTtl?: number;
  commitWindow?: number;
  revealWindow?: number;
  /** Seconds from now. */
  deadlineIn?: number;
};

/** Creates a task from `owner` (faucet + approve + createTask); returns its id. */
export async function createTask(clients: ChainClients, target: ChainTarget, owner: number, settings: TaskSettings): Promise<bigint> {
  const wallet = clients.wallet(owner);
  const { crowdlabel, token } = target.deployment;
  const reward = parseUnits(settings.reward ?? "1", 18);
  const maxRedundancy = settings.maxRedundancy ?? settings.redundancy ?? 3;
  const budget = reward * BigInt(settings.itemCount) * BigInt(maxRedundancy);
  await mined(clients, wallet.writeContract({ address: token, abi: testTokenAbi, functionName: "faucet", args: [wallet.account.address, budget] }));
  await mined(clients, wallet.writeContract({ address: token, abi: testTokenAbi, functionName: "approve", args: [crowdlabel, budget] }));
  const now = (await clients.publicClient.getBlock()).timestamp;
  const receipt = await mined(
    clients,
    wallet.writeContract({
      address: crowdlabel,
      abi: crowdlabelAbi,
      functionName: "createTask",
      args: [
        {
          token,
          manifestCid: settings.manifestCid,
          itemCount: settings.itemCount,
          batchSize: settings.batchSize,
          classCount: settings.classCount ?? 10,
          redundancy: settings.redundancy ?? 3,
          maxRedundancy,
          minAgreement: settings.minAgreement ?? 2,
          rewardPerLabel: reward,
          bondPerClaim: parseUnits(settings.bond ?? "0", 18),
          claimTtl: settings.claimTtl ?? 3600,
          commitWindow: settings.commitWindow ?? 3600,
          revealWindow: settings.revealWindow ?? 3600,
          deadline: Number(now) + (settings.deadlineIn ?? 86_400),
          minLabelsRevealed: 0,
          minAgreementBps: 0,
          goldCommitment: zeroHash,
        },
      ],
    }),
  );
  const [created] = parseEventLogs({ abi: crowdlabelAbi, eventName: "TaskCreated", logs: receipt.logs });
  return created!.args.taskId;
}

export type Slot = { taskId: bigint; batchId: number; slot: number; annotator: number };

/** requestClaim + assign (next block) for one annotator; returns the assigned slots. */
export async function claim(clients: ChainClients, target: ChainTarget, annotator: number, taskId: bigint, count = 1): Promise<Slot[]> {
  const wallet = clients.wallet(annotator);
  const { crowdlabel } = target.deployment;
  await mined(clients, wallet.writeContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "requestClaim", args: [taskId, count] }));
  const receipt = await mined(clients, wallet.writeContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "assign", args: [taskId, wallet.account.address] }));
  return parseEventLogs({ abi: crowdlabelAbi, eventName: "SlotAssigned", logs: receipt.logs }).map((log) => ({
    taskId,
    batchId: log.args.batchId,
    slot: log.args.slot,
    annotator,
  }));
}

export type CommittedSlot = Slot & { labels: Hex; salt: Hex };

/** Commits labels (one per item of the batch) for a slot with a fresh salt; returns what the reveal needs. */
export async function commit(clients: ChainClients, target: ChainTarget, slot: Slot, labels: number[], classCount = 10): Promise<CommittedSlot> {
  const wallet = clients.wallet(slot.annotator);
  const packed = packLabels(labels, { classCount });
  const salt = generateSalt();
  const commitment = encodeCommitment({
    chainId: target.chainId,
    contract: target.deployment.crowdlabel,
    taskId: slot.taskId,
    batchId: slot.batchId,
    annotator: wallet.account.address,
    labels: packed,
    salt,
  });
  await mined(
    clients,
    wallet.writeContract({
      address: target.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "commit",
      args: [[{ taskId: slot.taskId, batchId: slot.batchId, slot: slot.slot, commitment }]],
    }),
  );
  return { ...slot, labels: packed, salt };
}

export async function reveal(clients: ChainClients, target: ChainTarget, committed: CommittedSlot): Promise<TransactionReceipt> {
  return mined(
    clients,
    clients.wallet(committed.annotator).writeContract({
      address: target.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "reveal",
      args: [[{ taskId: committed.taskId, batchId: committed.batchId, slot: committed.slot, labels: committed.labels, salt: committed.salt }]],
    }),
  );
}

/** Finalises a batch's round with every slot's revealed vector (empty for slots that did not reveal), in slot order. */
export async function finalise(clients: ChainClients, target: ChainTarget, options: { taskId: bigint; batchId: number; revealed: (Hex | null)[]; by?: number }): Promise<TransactionReceipt> {
  return mined(
    clients,
    clients.wallet(options.by ?? 0).writeContract({
      address: target.deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "finalise",
      args: [options.taskId, options.batchId, options.revealed.map((l) => l ?? "0x")],
    }),
  );
}
