// Seeds the local stack with demo tasks made of real handwritten digits, and runs a small simulated
// crowd (anvil accounts 5-9) that labels, reveals and finalises, so every screen has live data.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  parseUnits,
  maxUint256,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import {
  crowdlabelAbi,
  encodeCommitment,
  generateSalt,
  packLabels,
  parseManifest,
  testTokenAbi,
  uploadFiles,
  type TaskManifestInput,
} from "@crowdlabel/sdk";
import { anvilPrivateKeys } from "@crowdlabel/sdk/devchain";
import { digitPng, readDigits, type Digit } from "./digits.ts";
import { makeGold } from "../src/features/owner/gold.ts";

export type SeedDeployment = { chainId: number; crowdlabel: Address; token: Address; startBlock: number };

export type SeedOptions = {
  rpcUrl: string;
  deployment: SeedDeployment;
  ipfsApiUrl: string;
  digitsPath: string;
  /** Where ground truth and gold files are written (e.g. .crowdlabel/demo). */
  outDir: string;
  log?: (line: string) => void;
};

export type SeededTask = { taskId: bigint; title: string; manifestCid: string; batchSize: number; items: { index: number; cid: string; label: number; row: number }[] };

const colours = ["#e4572e", "#f3a712", "#a8c686", "#669bbc", "#29335c", "#8e7dbe", "#db5a98", "#2a9d8f", "#bc6c25", "#6d6875"];
/** Confusions a real annotator makes with handwritten digits. */
const confusable: Record<number, number> = { 0: 6, 1: 7, 2: 7, 3: 8, 4: 9, 5: 6, 6: 5, 7: 1, 8: 3, 9: 4 };
const E = (v: string) => parseUnits(v, 18);

const INSTRUCTIONS = `# Which digit is this?

Each image is a **handwritten digit** scanned at 8×8 pixels (shown enlarged). Press the digit you see.

- Use the number keys **0–9**.
- If the image is blank, shows two digits, or you honestly cannot tell, press **x** (*cannot label*).
- Do not guess wildly: you are paid only for labels that agree with the consensus of other annotators.

Tips: a **7** often has a short top bar and no loop; a **9** closes its loop at the top; **1** may have a small flag.

*Images: UCI Optical Recognition of Handwritten Digits (Alpaydin & Kaynak, 1998), CC BY 4.0.*`;

/** Adds files to the IPFS node (sdk `uploadFiles`: CIDv1 raw leaves, pinned, CIDs re-checked locally). */
async function ipfsAdd(apiUrl: string, files: { name: string; bytes: Uint8Array }[]): Promise<string[]> {
  // uploads use only the API URL
  const uploaded = await uploadFiles({ config: { apiUrl, gatewayUrl: apiUrl }, files: files.map((f) => ({ path: f.name, content: f.bytes })) });
  return uploaded.map((u) => u.cid);
}

type TaskSpec = {
  title: string;
  description: string;
  rows: Digit[];
  batchSize: number;
  redundancy: number;
  maxRedundancy: number;
  minAgreement: number;
  reward: string;
  bond: string;
  minLabelsRevealed: number;
  minAgreementBps: number;
  gold?: number[];
};

export async function seedDemo(options: SeedOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const { deployment } = options;
  const chain = { ...foundry, id: deployment.chainId, rpcUrls: { default: { http: [options.rpcUrl] } } };
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ chain, transport }) as PublicClient;
  const accounts = anvilPrivateKeys.map((k) => privateKeyToAccount(k));
  const wallet = (account: PrivateKeyAccount) => createWalletClient({ account, chain, transport });
  const send = async (account: PrivateKeyAccount, request: Parameters<ReturnType<typeof wallet>["writeContract"]>[0]) => {
    const hash = await wallet(account).writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction reverted: ${String(request.functionName)}`);
    return receipt;
  };
  const mine = () => publicClient.request({ method: "evm_mine" as never, params: [] as never });

  // Tokens for everyone who will post tasks or bonds.
  for (const account of accounts) {
    await send(account, { address: deployment.token, abi: testTokenAbi, functionName: "faucet", args: [account.address, E("10000")] } as never);
    await send(account, { address: deployment.token, abi: testTokenAbi, functionName: "approve", args: [deployment.crowdlabel, maxUint256] } as never);
  }

  const digits = readDigits(options.digitsPath);
  const examples = await makeExamples(digits.slice(1500), options.ipfsApiUrl);
  const block = await publicClient.getBlock();
  const now = Number(block.timestamp);
  const specs: TaskSpec[] = [
    {
      title: "Handwritten digits 0–9",
      description: "Tell which digit (0–9) each scanned handwritten image shows. Three annotators per image; consensus at two votes.",
      rows: digits.slice(0, 150),
      batchSize: 10,
      redundancy: 3,
      maxRedundancy: 5,
      minAgreement: 2,
      reward: "0.5",
      bond: "1",
      minLabelsRevealed: 0,
      minAgreementBps: 0,
      gold: [0, 11, 22, 33, 44, 55],
    },
    {
      title: "Quick start: one label per digit",
      description: "A short task to try the whole flow alone: one annotator per image, so your commit opens reveal immediately.",
      rows: digits.slice(150, 190),
      batchSize: 5,
      redundancy: 1,
      maxRedundancy: 1,
      minAgreement: 1,
      reward: "1",
      bond: "0",
      minLabelsRevealed: 0,
      minAgreementBps: 0,
    },
    {
      title: "Expert digits (reputation-gated)",
      description: "Higher reward for annotators with a track record: at least 20 revealed labels and 80% agreement on chain.",
      rows: digits.slice(190, 250),
      batchSize: 10,
      redundancy: 2,
      maxRedundancy: 3,
      minAgreement: 2,
      reward: "2",
      bond: "2",
      minLabelsRevealed: 20,
      minAgreementBps: 8000,
    },
  ];

  const seeded: SeededTask[] = [];
  const owner = accounts[0]!;
  mkdirSync(options.outDir, { recursive: true });
  for (const spec of specs) {
    const cids = await ipfsAdd(
      options.ipfsApiUrl,
      spec.rows.map((d) => ({ name: `digit-${d.index}.png`, bytes: digitPng(d.pixels) })),
    );
    const manifestInput: TaskManifestInput = {
      version: 1,
      title: spec.title,
      description: spec.description,
      instructions: INSTRUCTIONS,
      classes: Array.from({ length: 10 }, (_, i) => ({ id: i, name: String(i), hotkey: String(i), colour: colours[i]! })),
      examples,
      items: spec.rows.map((d, i) => ({ cid: cids[i]!, mediaType: "image/png" as const, width: 64, height: 64, filename: `digit-${d.index}.png` })),
      batchSize: spec.batchSize,
    };
    const manifest = parseManifest(manifestInput);
    const [manifestCid] = await ipfsAdd(options.ipfsApiUrl, [{ name: "manifest.json", bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2)) }]);

    const gold = spec.gold
      ? makeGold({
          answers: new Map(spec.gold.map((i) => [i, spec.rows[i]!.label])),
          classCount: 10,
          chainId: deployment.chainId,
          contract: deployment.crowdlabel,
          manifestCid: manifestCid!,
        })
      : undefined;
    const receipt = await send(owner, {
      address: deployment.crowdlabel,
      abi: crowdlabelAbi,
      functionName: "createTask",
      args: [
        {
          token: deployment.token,
          manifestCid: manifestCid!,
          itemCount: spec.rows.length,
          batchSize: spec.batchSize,
          classCount: 10,
          redundancy: spec.redundancy,
          maxRedundancy: spec.maxRedundancy,
          minAgreement: spec.minAgreement,
          rewardPerLabel: E(spec.reward),
          bondPerClaim: E(spec.bond),
          claimTtl: 60 * 60,
          commitWindow: 2 * 60 * 60,
          revealWindow: 60 * 60,
          deadline: now + 14 * 24 * 60 * 60,
          minLabelsRevealed: spec.minLabelsRevealed,
          minAgreementBps: spec.minAgreementBps,
          goldCommitment: gold?.commitment ?? (`0x${"0".repeat(64)}` as Hex),
        },
      ],
    } as never);
    const [created] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskCreated" });
    const taskId = created!.args.taskId;
    seeded.push({ taskId, title: spec.title, manifestCid: manifestCid!, batchSize: spec.batchSize, items: spec.rows.map((d, i) => ({ index: i, cid: cids[i]!, label: d.label, row: d.index })) });
    if (gold) {
      writeFileSync(
        join(options.outDir, `gold-task-${taskId}.json`),
        JSON.stringify({ ...gold, taskId: taskId.toString() }, null, 2),
      );
    }
    log(`  task #${taskId}: ${spec.title} (${spec.rows.length} images, manifest ${manifestCid})`);
  }
  writeFileSync(
    join(options.outDir, "ground-truth.json"),
    JSON.stringify(
      { source: "UCI handwritten digits, CC BY 4.0 (demo/digits)", deployment, tasks: seeded.map((t) => ({ ...t, taskId: t.taskId.toString() })) },
      null,
      2,
    ),
  );

  // The crowd: five simulated annotators with different skill label part of the main task.
  const crowd = createCrowd({ publicClient, send, mine, accounts: accounts.slice(5, 10), deployment, log });
  const main = seeded[0]!;
  await crowd.work(main, [0.03, 0.08, 0.12, 0.2, 0.35], 6);
  await crowd.tick();
  await crowd.tick(true);
  return { tasks: seeded, crowd };
}

type Pending = { account: PrivateKeyAccount; taskId: bigint; batchId: number; slot: number; labels: Hex; salt: Hex };

function createCrowd(ctx: {
  publicClient: PublicClient;
  send: (account: PrivateKeyAccount, request: never) => Promise<{ logs: readonly unknown[] } & Record<string, unknown>>;
  mine: () => Promise<unknown>;
  accounts: PrivateKeyAccount[];
  deployment: SeedDeployment;
  log: (line: string) => void;
}) {
  const { publicClient, deployment } = ctx;
  const pending: Pending[] = [];
  const finalisableSince = new Map<string, number>();
  const tasks: SeededTask[] = [];
  let rng = 42;
  const random = () => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng / 2147483648;
  };

  async function work(task: SeededTask, errorRates: number[], claims: number) {
    if (!tasks.includes(task)) tasks.push(task);
    for (const [i, account] of ctx.accounts.entries()) {
      const errorRate = errorRates[i] ?? 0.1;
      await ctx.send(account, { address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "requestClaim", args: [task.taskId, claims] } as never);
      await ctx.mine();
      const receipt = await ctx.send(account, { address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "assign", args: [task.taskId, account.address] } as never);
      const assigned = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs as never, eventName: "SlotAssigned" });
      const commits: { taskId: bigint; batchId: number; slot: number; commitment: Hex }[] = [];
      for (const a of assigned) {
        const batchId = Number(a.args.batchId);
        const [, , , itemCount] = await publicClient.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [task.taskId, batchId] });
        const start = batchId * task.batchSize;
        const labels = Array.from({ length: Number(itemCount) }, (_, j) => {
          const truth = task.items[start + j]!.label;
          const r = random();
          if (r < errorRate * 0.15) return 10; // "cannot label"
          if (r < errorRate) return confusable[truth]!;
          return truth;
        });
        const packed = packLabels(labels, { classCount: 10 });
        const salt = generateSalt();
        const commitment = encodeCommitment({ chainId: deployment.chainId, contract: deployment.crowdlabel, taskId: task.taskId, batchId, annotator: account.address, labels: packed, salt });
        commits.push({ taskId: task.taskId, batchId, slot: Number(a.args.slot), commitment });
        pending.push({ account, taskId: task.taskId, batchId, slot: Number(a.args.slot), labels: packed, salt });
      }
      if (commits.length) await ctx.send(account, { address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "commit", args: [commits] } as never);
    }
  }

  /** Reveals what the crowd committed once reveal opens; finalises batches left finalisable for a while (keeper). */
  async function tick(finaliseNow = false) {
    const byAccount = new Map<PrivateKeyAccount, Pending[]>();
    for (const p of pending) {
      const [, phase] = await publicClient.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [p.taskId, p.batchId] });
      if (phase === 1) byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p]);
    }
    for (const [account, list] of byAccount) {
      await ctx.send(account, {
        address: deployment.crowdlabel,
        abi: crowdlabelAbi,
        functionName: "reveal",
        args: [list.map((p) => ({ taskId: p.taskId, batchId: p.batchId, slot: p.slot, labels: p.labels, salt: p.salt }))],
      } as never);
      for (const p of list) pending.splice(pending.indexOf(p), 1);
    }
    const taskCount = await publicClient.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" });
    for (let taskId = 1n; taskId <= taskCount; taskId++) {
      const t = await publicClient.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
      for (let batchId = 0; batchId < t.batchCount; batchId++) {
        const [batch, phase] = await publicClient.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] });
        const key = `${taskId}/${batchId}`;
        if (phase !== 2) {
          finalisableSince.delete(key);
          continue;
        }
        const since = finalisableSince.get(key) ?? Date.now();
        finalisableSince.set(key, since);
        // Give people a moment to press "Finalise" themselves before the keeper does.
        if (!finaliseNow && Date.now() - since < 20_000) continue;
        const logs = await publicClient.getContractEvents({
          address: deployment.crowdlabel,
          abi: crowdlabelAbi,
          eventName: "LabelsRevealed",
          args: { taskId, batchId },
          fromBlock: BigInt(deployment.startBlock),
        });
        const bySlot = new Map(logs.map((l) => [Number(l.args.slot), l.args.labels!]));
        const vectors = Array.from({ length: batch.roundEnd }, (_, s) => bySlot.get(s) ?? ("0x" as Hex));
        await ctx.send(ctx.accounts[ctx.accounts.length - 1]!, { address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "finalise", args: [taskId, batchId, vectors] } as never);
        finalisableSince.delete(key);
        ctx.log(`  crowd keeper finalised batch ${batchId} of task #${taskId}`);
      }
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  return {
    work,
    tick,
    start(intervalMs = 3000) {
      timer = setInterval(() => {
        if (running) return;
        running = true;
        tick().catch((error: unknown) => ctx.log(`  crowd: ${(error as Error).message.split("\n")[0]}`)).finally(() => (running = false));
      }, intervalMs);
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

async function makeExamples(rows: Digit[], apiUrl: string) {
  const picks: Digit[] = [];
  for (let label = 0; label < 10; label++) {
    const d = rows.find((r) => r.label === label);
    if (d) picks.push(d);
  }
  const cids = await ipfsAdd(apiUrl, picks.map((d) => ({ name: `example-${d.label}.png`, bytes: digitPng(d.pixels) })));
  return picks.map((d, i) => ({ cid: cids[i]!, mediaType: "image/png" as const, classId: d.label, note: `a typical ${d.label}` }));
}
