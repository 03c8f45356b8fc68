// Seeds the local stack with demo tasks made of real handwritten digits, and runs a small simulated
// crowd (anvil accounts 5-9) that labels, reveals and finalises, so every screen has live data.
// Tasks are set up as the owner console's wizard sets them up (its defaults, checks and on-chain terms)
// and driven with the sdk's devchain helpers.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { maxUint256, parseUnits } from "viem";
import { crowdlabelAbi, generateSalt, makeGold, packLabels, parseManifest, uploadFiles, type TaskManifestInput } from "@crowdlabel/sdk";
import { claimBatches, commitLabels, connectDevchain, createTask, finaliseBatch, fundAccount, revealLabels } from "@crowdlabel/sdk/devchain";
import type { Deployment, Devchain, LabelledSlot } from "@crowdlabel/sdk/devchain";
import { digitPng, readDigits, type Digit } from "./digits.ts";
import { colourFor, defaultSettings, draftTaskTerms, validateSettings, type DraftSettings } from "../src/features/owner/wizardValidation.ts";

export type SeedOptions = {
  rpcUrl: string;
  deployment: Deployment;
  ipfsApiUrl: string;
  digitsPath: string;
  /** Where ground truth and gold files are written (e.g. .crowdlabel/demo). */
  outDir: string;
  log?: (line: string) => void;
};

export type SeededTask = { taskId: bigint; title: string; manifestCid: string; batchSize: number; items: { index: number; cid: string; label: number; row: number }[] };

/** Confusions a real annotator makes with handwritten digits. */
const confusable: Record<number, number> = { 0: 6, 1: 7, 2: 7, 3: 8, 4: 9, 5: 6, 6: 5, 7: 1, 8: 3, 9: 4 };
/** The test token's decimals. */
const DECIMALS = 18;
const OWNER = 0;
const CROWD = [5, 6, 7, 8, 9];

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

/** A demo task: its images, the wizard's settings for it, and the items whose answers are gold. */
type TaskSpec = { rows: Digit[]; settings: DraftSettings; gold?: number[] };

export async function seedDemo(options: SeedOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const { deployment } = options;
  const devchain = connectDevchain({ rpcUrl: options.rpcUrl, deployment });

  // Tokens for everyone who will post tasks or bonds.
  for (const account of devchain.accounts.keys()) await fundAccount(devchain, { account, amount: parseUnits("10000", DECIMALS), allowance: maxUint256 });

  const digits = readDigits(options.digitsPath);
  const examples = await makeExamples(digits.slice(1500), options.ipfsApiUrl);
  const now = Number((await devchain.publicClient.getBlock()).timestamp);
  /** The wizard's defaults (two weeks to label, hour-long claims and reveals, two-hour commits) with a few changes. */
  const settings = (changes: Partial<DraftSettings>): DraftSettings => ({ ...defaultSettings(now), ...changes });
  const specs: TaskSpec[] = [
    {
      rows: digits.slice(0, 150),
      // The wizard's defaults as they are: three annotators per image (up to five), consensus at two votes.
      settings: settings({
        title: "Handwritten digits 0–9",
        description: "Tell which digit (0–9) each scanned handwritten image shows. Three annotators per image; consensus at two votes.",
      }),
      gold: [0, 11, 22, 33, 44, 55],
    },
    {
      rows: digits.slice(150, 190),
      settings: settings({
        title: "Quick start: one label per digit",
        description: "A short task to try the whole flow alone: one annotator per image, so your commit opens reveal immediately.",
        batchSize: 5,
        redundancy: 1,
        maxRedundancy: 1,
        minAgreement: 1,
        reward: "1",
        bond: "0",
      }),
    },
    {
      rows: digits.slice(190, 250),
      settings: settings({
        title: "Expert digits (reputation-gated)",
        description: "Higher reward for annotators with a track record: at least 20 revealed labels and 80% agreement on chain.",
        redundancy: 2,
        maxRedundancy: 3,
        reward: "2",
        bond: "2",
        minLabelsRevealed: 20,
        minAgreementPercent: 80,
      }),
    },
  ];

  const seeded: SeededTask[] = [];
  mkdirSync(options.outDir, { recursive: true });
  for (const { rows, settings: s, gold: goldItems } of specs) {
    const errors = validateSettings(s, { itemCount: rows.length, decimals: DECIMALS, now });
    if (Object.keys(errors).length > 0) throw new Error(`demo task "${s.title}" fails the wizard's checks: ${JSON.stringify(errors)}`);
    const cids = await ipfsAdd(
      options.ipfsApiUrl,
      rows.map((d) => ({ name: `digit-${d.index}.png`, bytes: digitPng(d.pixels) })),
    );
    const manifestInput: TaskManifestInput = {
      version: 1,
      title: s.title,
      description: s.description,
      instructions: INSTRUCTIONS,
      classes: Array.from({ length: 10 }, (_, i) => ({ id: i, name: String(i), hotkey: String(i), colour: colourFor(i) })),
      examples,
      items: rows.map((d, i) => ({ cid: cids[i]!, mediaType: "image/png" as const, width: 64, height: 64, filename: `digit-${d.index}.png` })),
      batchSize: s.batchSize,
    };
    const manifest = parseManifest(manifestInput);
    const [manifestCid] = await ipfsAdd(options.ipfsApiUrl, [{ name: "manifest.json", bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2)) }]);

    const gold = goldItems
      ? makeGold({
          answers: new Map(goldItems.map((i) => [i, rows[i]!.label])),
          classCount: 10,
          chainId: deployment.chainId,
          contract: deployment.crowdlabel,
          manifestCid: manifestCid!,
        })
      : undefined;
    const { taskId } = await createTask(devchain, {
      owner: OWNER,
      manifestCid: manifestCid!,
      itemCount: rows.length,
      classCount: 10,
      goldCommitment: gold?.commitment,
      ...draftTaskTerms(s, DECIMALS),
    });
    seeded.push({ taskId, title: s.title, manifestCid: manifestCid!, batchSize: s.batchSize, items: rows.map((d, i) => ({ index: i, cid: cids[i]!, label: d.label, row: d.index })) });
    if (gold) {
      writeFileSync(
        join(options.outDir, `gold-task-${taskId}.json`),
        JSON.stringify({ ...gold, taskId: taskId.toString() }, null, 2),
      );
    }
    log(`  task #${taskId}: ${s.title} (${rows.length} images, manifest ${manifestCid})`);
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
  const crowd = createCrowd({ devchain, annotators: CROWD, log });
  const main = seeded[0]!;
  await crowd.work(main, [0.03, 0.08, 0.12, 0.2, 0.35], 6);
  await crowd.tick();
  await crowd.tick(true);
  return { tasks: seeded, crowd };
}

type Pending = LabelledSlot & { annotator: number };

function createCrowd(ctx: { devchain: Devchain; annotators: number[]; log: (line: string) => void }) {
  const { devchain } = ctx;
  const { crowdlabel } = devchain.deployment;
  const pending: Pending[] = [];
  const finalisableSince = new Map<string, number>();
  let rng = 42;
  const random = () => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng / 2147483648;
  };
  const getBatch = (taskId: bigint, batchId: number) => devchain.publicClient.readContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] });

  async function work(task: SeededTask, errorRates: number[], claims: number) {
    for (const [i, annotator] of ctx.annotators.entries()) {
      const errorRate = errorRates[i] ?? 0.1;
      const labelled: Pending[] = [];
      for (const slot of await claimBatches(devchain, { annotator, taskId: task.taskId, count: claims })) {
        const [, , , itemCount] = await getBatch(task.taskId, slot.batchId);
        const start = slot.batchId * task.batchSize;
        const labels = Array.from({ length: Number(itemCount) }, (_, j) => {
          const truth = task.items[start + j]!.label;
          const r = random();
          if (r < errorRate * 0.15) return 10; // "cannot label"
          if (r < errorRate) return confusable[truth]!;
          return truth;
        });
        labelled.push({ ...slot, labels: packLabels(labels, { classCount: 10 }), salt: generateSalt() });
      }
      if (labelled.length) await commitLabels(devchain, { annotator, slots: labelled });
      pending.push(...labelled);
    }
  }

  /** Reveals what the crowd committed once reveal opens; finalises batches left finalisable for a while (keeper). */
  async function tick(finaliseNow = false) {
    const byAnnotator = new Map<number, Pending[]>();
    for (const p of pending) {
      const [, phase] = await getBatch(p.taskId, p.batchId);
      if (phase === 1) byAnnotator.set(p.annotator, [...(byAnnotator.get(p.annotator) ?? []), p]);
    }
    for (const [annotator, slots] of byAnnotator) {
      await revealLabels(devchain, { annotator, slots });
      for (const p of slots) pending.splice(pending.indexOf(p), 1);
    }
    const taskCount = await devchain.publicClient.readContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" });
    for (let taskId = 1n; taskId <= taskCount; taskId++) {
      const t = await devchain.publicClient.readContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
      for (let batchId = 0; batchId < t.batchCount; batchId++) {
        const [, phase] = await getBatch(taskId, batchId);
        const key = `${taskId}/${batchId}`;
        if (phase !== 2) {
          finalisableSince.delete(key);
          continue;
        }
        const since = finalisableSince.get(key) ?? Date.now();
        finalisableSince.set(key, since);
        // Give people a moment to press "Finalise" themselves before the keeper does.
        if (!finaliseNow && Date.now() - since < 20_000) continue;
        await finaliseBatch(devchain, { caller: ctx.annotators.at(-1)!, taskId, batchId });
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
