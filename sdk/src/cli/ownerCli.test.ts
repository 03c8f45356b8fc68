import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createTestClient, createWalletClient, getAddress, http, parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startIpfsNode, type RunningIpfsNode } from "@crowdlabel/ipfs";
import { startAnvil, type RunningAnvil } from "../devchain/startAnvil.ts";
import { deployProtocol, type Deployment } from "../devchain/deployProtocol.ts";
import { anvilPrivateKeys } from "../devchain/anvilAccounts.ts";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { uploadFiles } from "../ipfs/uploadFiles.ts";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { main } from "./main.ts";
import { knownDeployment, localDeployment } from "./chainConnection.ts";
import { amountOption, deadlineOption, durationOption } from "./createCommand.ts";
import { taskIdOption } from "./options.ts";
import { parseGoldFile } from "../commitment/goldFile.ts";
import { packLabels } from "../commitment/packLabels.ts";
import { generateSalt } from "../commitment/generateSalt.ts";
import { connectDevchain } from "../devchain/connectDevchain.ts";
import { fundAccount } from "../devchain/fundAccount.ts";
import { claimBatches } from "../devchain/claimBatches.ts";
import { commitLabels, revealLabels, type LabelledSlot } from "../devchain/commitLabels.ts";
import { readBatchViews } from "../chain/readBatchViews.ts";
import { finaliseVectors, readRevealedSlots } from "../chain/revealedLabels.ts";

describe("create: option parsing", () => {
  it("reads durations and deadlines", () => {
    expect(["600", "10m", "2h", "7d"].map((v) => durationOption("claim-ttl", v))).toEqual([600, 600, 7_200, 604_800]);
    expect(() => durationOption("claim-ttl", "1.5h")).toThrow('--claim-ttl must be a duration such as 600, 30m, 1h or 7d, got "1.5h".');
    expect(deadlineOption("7d", 1_000)).toBe(1_000 + 604_800);
    expect(deadlineOption("2026-12-31T00:00:00Z", 0)).toBe(1_798_675_200);
    expect(() => deadlineOption("next week", 0)).toThrow("--deadline must be a duration from now (7d) or an ISO date");
    // Past what the contract stores (uint32 windows, uint40 deadline, uint96 amounts): a clear refusal, not viem's
    // IntegerOutOfRangeError with a stack trace when the transaction is encoded.
    expect(durationOption("claim-ttl", `${2 ** 32 - 1}`)).toBe(2 ** 32 - 1);
    expect(() => durationOption("claim-ttl", "5000000000")).toThrow('--claim-ttl is too long: at most 4294967295 seconds (about 136 years), got "5000000000".');
    expect(() => deadlineOption("200000000d", 0)).toThrow("--deadline is too long");
    expect(() => deadlineOption("+040000-01-01T00:00:00Z", 0)).toThrow("--deadline must be between 1970 and the year 36812");
    expect(amountOption("bond", "79228162514.264337593543950335", 18)).toBe(2n ** 96n - 1n);
    expect(() => amountOption("bond", "100000000000", 18)).toThrow('--bond is too large: at most 79228162514.264337593543950335 for a token of 18 decimals, got "100000000000".');
    expect(() => taskIdOption("1".padEnd(80, "0"))).toThrow("--task is not a task id (more than 256 bits)");
  });
});

describe("the owner's CLI on anvil + the embedded IPFS node: create, reveal-gold, status, finalise, close, withdraw", () => {
  let anvil: RunningAnvil;
  let ipfs: RunningIpfsNode;
  let dir: string;
  let deployment: Deployment;
  let manifestCid: string;
  const ownerKey = anvilPrivateKeys[5]!;
  const owner = privateKeyToAccount(ownerKey).address;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sdk-create-"));
    [anvil, ipfs] = await Promise.all([startAnvil(), startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir: join(dir, "ipfs"), log: { info() {}, warn() {} } })]);
    deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const config = { apiUrl: ipfs.apiUrl, gatewayUrl: ipfs.gatewayUrl };
    const images = await uploadFiles({ config, files: [0, 1, 2].map((i) => ({ path: `${i}.png`, content: new Uint8Array([i, 7, 7]) })) });
    const manifest = { ...exampleManifest(), batchSize: 2, items: images.map((u) => ({ cid: u.cid, mediaType: "image/png" as const, width: 4, height: 4, filename: u.path })) };
    const [uploaded] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(manifest)) }] });
    manifestCid = uploaded!.cid;
    // The owner holds 10 tokens and has approved nothing.
    const chain = { id: anvil.chainId, name: "anvil", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } } as const;
    const minter = createWalletClient({ account: privateKeyToAccount(anvilPrivateKeys[0]!), chain, transport: http(anvil.rpcUrl) });
    await client().waitForTransactionReceipt({ hash: await minter.writeContract({ address: deployment.token, abi: testTokenAbi, functionName: "faucet", args: [owner, parseEther("10")] }) });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([anvil?.stop(), ipfs?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const client = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const taskCount = () => client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" });
  const balance = (address: Address) => client().readContract({ address: deployment.token, abi: testTokenAbi, functionName: "balanceOf", args: [address] });
  async function runCli(argv: string[], env: Record<string, string | undefined> = { PRIVATE_KEY: ownerKey }) {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      env: { RPC_URL: anvil.rpcUrl, CROWDLABEL_ADDRESS: deployment.crowdlabel, TOKEN: deployment.token, IPFS_API_URL: ipfs.apiUrl, IPFS_GATEWAY_URL: ipfs.gatewayUrl, ...env },
    };
    const code = await main(argv, io);
    return { code, out, err };
  }
  const run = (args: string[], env?: Record<string, string | undefined>) => runCli(["create", ...args], env);

  it("without --yes prints what it would sign, and sends nothing", async () => {
    const dry = await run(["--manifest", manifestCid, "--reward", "0.5", "--redundancy", "3", "--max-redundancy", "5"]);
    expect(dry.err).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toBe(`Task "${exampleManifest().title}": 3 images in 2 batches of 2, ${exampleManifest().classes.length} classes (manifest ${manifestCid})`);
    expect(dry.out).toContain("  labels    3 per image, up to 5 where they disagree; consensus at 2 agreeing votes");
    // 3 images x 5 labels x 0.5
    expect(dry.out.find((l) => l.startsWith("  escrow"))).toBe(`  escrow    7.5 tUSD (images × max labels × reward) from ${owner}, balance 10 tUSD; what is not earned is refunded at close`);
    expect(dry.out).toContain("  sends     signs a permit for Crowdlabel to take exactly 7.5 tUSD (no gas), then sends createTaskWithPermit: one transaction");
    const noPermit = await run(["--manifest", manifestCid, "--reward", "0.5", "--max-redundancy", "5", "--no-permit"]);
    expect(noPermit.out).toContain("  sends     approve 7.5 tUSD to Crowdlabel (allowance now 0 tUSD), then createTask");
    expect(dry.out.at(-1)).toBe("Nothing sent: run again with --yes to sign and send.");
    expect(await taskCount()).toBe(0n);
  });

  it("a parameter the contract refuses is explained before anything is sent", async () => {
    const withPermit = await run(["--manifest", manifestCid, "--reward", "0.5", "--claim-ttl", "5m", "--yes"]);
    expect(withPermit.code).toBe(1);
    expect(withPermit.err).toEqual([
      "error: createTaskWithPermit would fail: A time window is too short or the deadline is in the past.",
      "  Give claims and reveals at least 10 minutes, a commit window at least as long as the claim time, and a deadline in the future.",
    ]);
    const refused = await run(["--manifest", manifestCid, "--reward", "0.5", "--claim-ttl", "5m", "--no-permit", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toBe("error: createTask would fail: A time window is too short or the deadline is in the past.");
    expect(await taskCount()).toBe(0n);
    const allowance = await client().readContract({ address: deployment.token, abi: testTokenAbi, functionName: "allowance", args: [owner, deployment.crowdlabel] });
    expect(allowance).toBe(0n); // no approval was sent for a task that cannot be created
    // With gold answers: the gold file is written only once the parameters pass, so the corrected re-run may write it.
    const answers = join(dir, "refused-answers.json");
    await writeFile(answers, JSON.stringify({ "0": 0 }));
    const goldOut = join(dir, "refused-gold.json");
    const withGold = await run(["--manifest", manifestCid, "--reward", "0.5", "--claim-ttl", "5m", "--gold", answers, "--gold-out", goldOut, "--yes"]);
    expect([withGold.code, withGold.err[0]]).toEqual([1, "error: createTaskWithPermit would fail: A time window is too short or the deadline is in the past."]);
    expect(existsSync(goldOut)).toBe(false);
    const dryRun = await run(["--manifest", manifestCid, "--reward", "0.5", "--gold", answers, "--gold-out", goldOut]);
    expect([dryRun.code, dryRun.err]).toEqual([0, []]);
  });

  it("with --yes signs a permit for exactly the budget and creates the task in one transaction", async () => {
    const before = await balance(owner);
    const sent = await run(["--manifest", manifestCid, "--reward", "0.5", "--redundancy", "3", "--max-redundancy", "5", "--bond", "0.1", "--deadline", "2d", "--min-labels", "20", "--yes"]);
    expect(sent.code).toBe(0);
    expect(sent.err.map((l) => l.split(":")[0])).toEqual(["createTaskWithPermit sent"]);
    expect(sent.out.at(-1)).toMatch(/^✓ task 1 created in block \d+, 7\.5 tUSD escrowed \(transaction 0x[0-9a-f]{64}\)$/);
    expect(before - (await balance(owner))).toBe(parseEther("7.5"));
    const task = await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [1n] });
    expect(task.owner).toBe(owner);
    expect([task.itemCount, task.batchSize, task.batchCount, task.redundancy, task.maxRedundancy, task.minAgreement, task.minLabelsRevealed]).toEqual([3, 2, 2, 3, 5, 2, 20]);
    expect([task.rewardPerLabel, task.bondPerClaim, task.funded]).toEqual([parseEther("0.5"), parseEther("0.1"), parseEther("7.5")]);
    const createdAt = (await client().getBlock({ blockNumber: BigInt(task.createdBlock) })).timestamp;
    expect(BigInt(task.deadline) - createdAt).toBeLessThanOrEqual(2n * 86_400n);
    expect(BigInt(task.deadline) - createdAt).toBeGreaterThan(2n * 86_400n - 60n);
  });

  it("--gold commits the answers, writes the gold file first, and the file reveals them on chain", async () => {
    const classes = exampleManifest().classes.map((c) => c.name);
    const answers = join(dir, "answers.json");
    await writeFile(answers, JSON.stringify({ "0": classes[1], "2.png": 0 }));
    const goldOut = join(dir, "gold.json");
    // An allowance of 0.05 is already there: below the 0.9 budget, and USDT-like tokens refuse to change it to another non-zero one.
    const ownerWallet = createWalletClient({ account: privateKeyToAccount(ownerKey), transport: http(anvil.rpcUrl) });
    await client().waitForTransactionReceipt({
      hash: await ownerWallet.writeContract({ chain: null, address: deployment.token, abi: testTokenAbi, functionName: "approve", args: [deployment.crowdlabel, parseEther("0.05")] }),
    });
    const plan = await run(["--manifest", manifestCid, "--reward", "0.1", "--no-permit"]);
    expect(plan.out).toContain(
      "  sends     approve 0 (an allowance of 0.05 tUSD is there: tokens like USDT refuse to change one non-zero allowance to another), then approve 0.9 tUSD to Crowdlabel (allowance now 0 tUSD), then createTask",
    );
    const sent = await run(["--manifest", manifestCid, "--reward", "0.1", "--gold", answers, "--gold-out", goldOut, "--no-permit", "--deadline", "1d", "--yes"]);
    // Without a permit: a reset of that allowance to 0, an approval of exactly the budget, then createTask.
    expect(sent.err.map((l) => l.split(":")[0])).toEqual(["approve sent", "approve sent", "createTask sent"]);
    expect(sent.code).toBe(0);
    expect(sent.out).toContain(`  gold      2 images answered; only their hash goes on chain. The answers go to ${goldOut} before anything is sent: keep it to reveal them`);
    const gold = parseGoldFile(await readFile(goldOut, "utf8"));
    expect([gold.items, gold.labels, gold.taskId, gold.manifestCid]).toEqual([[0, 2], "0x0100", "2", manifestCid]);
    const task = await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [2n] });
    expect(task.goldCommitment).toBe(gold.commitment);
    // reveal-gold checks the file against the task, and waits for labeling to be over (it is revealed further down).
    const wrongTask = await runCli(["reveal-gold", "--task", "1", "--gold-file", goldOut]);
    expect(wrongTask.err).toEqual(["error: Task 1 has no gold answers to reveal: it was created without --gold.", `  ${goldOut} says it is task 2's: pass --task 2.`]);
    const early = await runCli(["reveal-gold", "--task", "2", "--gold-file", goldOut, "--yes"]);
    expect([early.code, early.err]).toEqual([
      1,
      [
        "error: revealGold would fail: Annotators can still label this task, so its gold answers stay hidden.",
        "  Run reveal-gold once the deadline has passed, every batch is done, or the task is closed (crowdlabel close --task <id>).",
      ],
    ]);
    expect((await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [2n] })).goldRevealed).toBe(false);

    // The file is never overwritten; a class the manifest does not have is named with the ones it has.
    const again = await run(["--manifest", manifestCid, "--reward", "0.1", "--gold", answers, "--gold-out", goldOut]);
    expect(again.err[0]).toBe(`error: ${goldOut} already exists.`);
    await writeFile(answers, JSON.stringify({ "1": "zebra" }));
    const unknown = await run(["--manifest", manifestCid, "--reward", "0.1", "--gold", answers, "--gold-out", join(dir, "other.json")]);
    expect(unknown.err).toEqual([`error: ${answers}: the answer for "1", "zebra", is not a class of the manifest.`, `  Classes: ${classes.join(", ")} (or their index 0-${classes.length - 1}; ${classes.length} = cannot label).`]);
  });

  it("says what to fix for a missing key, a budget above the balance, and an unknown token", async () => {
    const noKey = await run(["--manifest", manifestCid, "--reward", "1"], {});
    expect(noKey.err[0]).toBe("error: PRIVATE_KEY is not set.");
    const broke = await run(["--manifest", manifestCid, "--reward", "100", "--yes"]);
    expect(broke.code).toBe(1);
    expect(broke.err[0]).toMatch(/^error: The balance of 0x[0-9a-fA-F]{40}, 1\.6 tUSD, is below the budget of 900 tUSD\.$/);
    const notToken = await run(["--manifest", manifestCid, "--reward", "1", "--token", deployment.crowdlabel]);
    expect(notToken.err[0]).toBe(`error: ${deployment.crowdlabel} is not an ERC-20 token on chain ${anvil.chainId}.`);
    // A typo in a checksummed address, a default the user never typed: the message names what they gave.
    const typo = `0x${getAddress(deployment.token).slice(2).replace(/[a-fA-F]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))}`;
    const badToken = await run(["--manifest", manifestCid, "--reward", "1", "--token", typo]);
    expect(badToken.err[0]).toBe(`error: --token is not a valid address: "${typo}".`);
    const badContract = await runCli(["status", "--task", "1"], { CROWDLABEL_ADDRESS: typo });
    expect(badContract.err[0]).toBe(`error: CROWDLABEL_ADDRESS is not a valid address: "${typo}".`);
    const oneLabel = await run(["--manifest", manifestCid, "--reward", "1", "--redundancy", "1"]);
    expect(oneLabel.err).toEqual([
      "error: --min-agreement is 2 by default, more than the 1 label per image asked for.",
      "  Pass --min-agreement 1 (each image's one label is its consensus), or --redundancy / --max-redundancy 2 or more.",
    ]);
    expect((await run(["--manifest", manifestCid, "--reward", "0.1", "--redundancy", "1", "--min-agreement", "1"])).code).toBe(0);
    // Tokens but no ETH: viem's InsufficientFundsError, with its stack, became a message saying what to fund.
    const noEthKey = generatePrivateKey();
    const noEth = privateKeyToAccount(noEthKey).address;
    const minter = createWalletClient({ account: privateKeyToAccount(anvilPrivateKeys[0]!), transport: http(anvil.rpcUrl) });
    await client().waitForTransactionReceipt({ hash: await minter.writeContract({ chain: null, address: deployment.token, abi: testTokenAbi, functionName: "faucet", args: [noEth, parseEther("1")] }) });
    const gasless = await run(["--manifest", manifestCid, "--reward", "0.1", "--yes"], { PRIVATE_KEY: noEthKey });
    expect([gasless.code, gasless.err]).toEqual([
      1,
      [
        `error: ${noEth} has too little ETH to pay the gas of createTaskWithPermit on chain ${anvil.chainId}.`,
        `  Fund ${noEth} with ETH for gas on chain ${anvil.chainId}, then run the command again: createTaskWithPermit was not sent.`,
      ],
    ]);
    expect(await taskCount()).toBe(2n);
  });

  it("status, close and withdraw carry the owner from an open task to the refund in their wallet", async () => {
    const open = await runCli(["status", "--task", "1"]);
    expect(open.out[0]).toBe(`Task 1 "${exampleManifest().title}" (owner ${owner})`);
    expect(open.out).toContain("  batches   0/2 done");
    expect(open.out).toContain("  money     7.5 tUSD escrowed, 0 tUSD paid to annotators; bonds 0 tUSD held, 0 tUSD forfeited to the task");
    expect(open.out.at(-1)).toBe("  next      wait: annotators are labeling");
    // IPFS is optional for status: a malformed gateway URL costs the title only.
    const badGateway = await runCli(["status", "--task", "1"], { IPFS_GATEWAY_URL: "notaurl" });
    expect(badGateway.code).toBe(0);
    expect(badGateway.out[0]).toMatch(/^Task 1 \(manifest \S+ not read: IPFS_GATEWAY_URL is not an http\(s\) URL: "notaurl"\.\) \(owner 0x/);
    const early = await runCli(["close", "--task", "1", "--yes"]);
    expect(early.code).toBe(1);
    expect(early.err[0]).toBe("error: closeTask would fail: The task cannot be closed yet.");

    await createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) }).increaseTime({ seconds: 3 * 86_400 });
    await createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) }).mine({ blocks: 1 });
    expect((await runCli(["status", "--task", "1"])).out.at(-1)).toBe("  next      close it (crowdlabel close --task 1) to take back 7.5 tUSD");
    // Task 2's deadline (1 day) has passed too: its gold answers can go on chain now.
    const reveal = await runCli(["reveal-gold", "--task", "2", "--gold-file", join(dir, "gold.json"), "--yes"]);
    expect(reveal.out[0]).toBe("Reveals 2 gold answers of task 2.");
    expect(reveal.out.at(-1)).toMatch(/^✓ gold answers of task 2 revealed \(transaction 0x[0-9a-f]{64}\)$/);
    expect((await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [2n] })).goldRevealed).toBe(true);
    const dry = await runCli(["close", "--task", "1"]);
    expect(dry.out).toEqual([`Closes task 1: 7.5 tUSD (unearned budget and forfeited bonds) go to the credits of ${owner}.`, "Nothing sent: run again with --yes to sign and send."]);
    const closed = await runCli(["close", "--task", "1", "--yes"]);
    expect(closed.out.at(-1)).toMatch(new RegExp(`^✓ task 1 closed: 7\\.5 tUSD credited \\(transaction 0x[0-9a-f]{64}\\)\\. Withdraw it with: crowdlabel withdraw --token ${getAddress(deployment.token)}$`));

    const before = await balance(owner);
    const withdrawn = await runCli(["withdraw", "--yes"]);
    expect(withdrawn.out[0]).toBe(`Withdraws 7.5 tUSD to ${owner}.`);
    expect((await balance(owner)) - before).toBe(parseEther("7.5"));
    const again = await runCli(["withdraw", "--yes"]);
    expect(again.err[0]).toBe(`error: ${owner} has no credits in ${deployment.token}.`);
    expect((await runCli(["status", "--task", "9"])).err[0]).toBe(`error: Task 9 not found on chain ${anvil.chainId} at ${deployment.crowdlabel}.`);
    // An address with no contract on this chain (another chain's, or a restarted local chain) is named as such.
    const nowhere = "0x000000000000000000000000000000000000dEaD";
    expect((await runCli(["status", "--task", "1"], { CROWDLABEL_ADDRESS: nowhere })).err).toEqual([
      `error: No contract at ${nowhere} on chain ${anvil.chainId} (${anvil.rpcUrl}).`,
      "  Check --contract / CROWDLABEL_ADDRESS and --rpc / RPC_URL; locally, start the stack with pnpm dev.",
    ]);
    // Another contract's address (the token's, a common slip) is named as not Crowdlabel, not a stack trace.
    const wrong = await runCli(["status", "--task", "1"], { CROWDLABEL_ADDRESS: deployment.token });
    expect([wrong.code, wrong.err]).toEqual([
      1,
      [
        `error: The contract at ${deployment.token} on chain ${anvil.chainId} is not Crowdlabel: it does not answer taskCount().`,
        "  Check --contract / CROWDLABEL_ADDRESS: the Crowdlabel address, not the token's.",
      ],
    ]);
  });

  it("finalise settles the batches whose reveals are in, says why the others wait, and lets the owner close", async () => {
    const created = await run(["--manifest", manifestCid, "--reward", "0.5", "--redundancy", "2", "--max-redundancy", "3", "--bond", "0.1", "--deadline", "1d", "--yes"]);
    expect(created.out.at(-1)).toMatch(/^✓ task 3 created/);
    expect((await runCli(["finalise", "--task", "3"])).out).toEqual(["Nothing to finalise in task 3 yet: 2 without commits in their round."]);
    expect((await runCli(["finalise", "--all"])).out).toEqual(["Nothing to finalise: none of the 3 tasks has a batch awaiting finalisation."]);
    expect((await runCli(["finalise", "--all", "--task", "3"])).err[0]).toBe("error: --all finalises every task: give it without --task and --batch.");

    // Annotators 1 and 2 label both batches (item 1 split 1 vs 0); annotator 2 reveals batch 0 only.
    const devchain = connectDevchain({ rpcUrl: anvil.rpcUrl, deployment, pollingInterval: 50 });
    const classCount = exampleManifest().classes.length;
    const answers: Record<number, number[][]> = { 1: [[0, 1], [2]], 2: [[0, 0], [2]] };
    const labelled = new Map<number, LabelledSlot[]>();
    for (const annotator of [1, 2]) {
      await fundAccount(devchain, { account: annotator, amount: parseEther("1") });
      const slots = await claimBatches(devchain, { annotator, taskId: 3n, count: 2 });
      const withLabels = slots.map((s) => ({ ...s, labels: packLabels(answers[annotator]![s.batchId]!, { classCount }), salt: generateSalt() }));
      await commitLabels(devchain, { annotator, slots: withLabels });
      labelled.set(annotator, withLabels);
    }
    await revealLabels(devchain, { annotator: 1, slots: labelled.get(1)! });
    await revealLabels(devchain, { annotator: 2, slots: labelled.get(2)!.filter((s) => s.batchId === 0) });

    const waiting = await runCli(["finalise", "--task", "3", "--batch", "1", "--yes"]);
    expect(waiting.code).toBe(1);
    expect(waiting.err[0]).toMatch(/^error: Batch 1 of task 3 cannot be finalised now: annotators are revealing \(1 of 2 so far\) until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.$/);
    expect((await runCli(["finalise", "--task", "3", "--batch", "2"])).err).toEqual(['error: --batch must be a batch of task 3, got "2".', "  Its batches are 0 to 1."]);
    const dry = await runCli(["finalise", "--task", "3"]);
    expect(dry.out).toEqual([
      "Finalises 1 batch of task 3 in 1 transaction (the caller pays the gas and earns nothing):",
      "  batch 0, round 1: 2 of 2 committed labels revealed",
      "Nothing sent: run again with --yes to sign and send.",
    ]);
    const first = await runCli(["finalise", "--task", "3", "--yes"]);
    expect(first.code).toBe(0);
    // Item 0 agrees (2 x 0.5 paid); item 1 is split, so the batch buys one more label for it.
    expect(first.out.at(-1)).toMatch(/^✓ batch 0: 1\/2 images resolved, 1 tUSD paid, 0 tUSD of bonds forfeited; round 2 opened for 1 more labels on 1 images \(transaction 0x[0-9a-f]{64}\)$/);
    const [batch0] = await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [3n, 0] });
    expect([batch0.round, batch0.resolvedMask]).toEqual([1, 1n]);

    // Past the deadline the owner cannot close while batch 1 waits; anyone may finalise it, the silent bond is forfeited.
    await createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) }).increaseTime({ seconds: 2 * 86_400 });
    await createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) }).mine({ blocks: 1 });
    expect((await runCli(["status", "--task", "3"])).out.at(-1)).toBe("  next      finalise the batches that hold labels (crowdlabel finalise --task 3; anyone may), then close");
    expect((await runCli(["close", "--task", "3"])).err).toEqual([
      "error: closeTask would fail: The task cannot be closed yet.",
      "  Close after the deadline once no batch awaits finalisation (crowdlabel finalise --task <id> settles them), or when every batch is done.",
    ]);
    // A keeper on another account, over every task: only task 3 has a batch awaiting finalisation.
    const keeper = await runCli(["finalise", "--all", "--yes"], { PRIVATE_KEY: anvilPrivateKeys[3]! });
    expect(keeper.out[0]).toBe("Finalises 1 batch of task 3 in 1 transaction (the caller pays the gas and earns nothing):");
    expect(keeper.out[1]).toBe("  batch 1, round 1: 1 of 2 committed labels revealed; 1 bond forfeited");
    expect(keeper.out.at(-1)).toMatch(/^✓ batch 1: 0\/1 images resolved, 0 tUSD paid, 0\.1 tUSD of bonds forfeited; round 2 opened for 1 more labels on 1 images \(transaction 0x[0-9a-f]{64}\)$/);
    expect((await runCli(["status", "--task", "3"])).out.at(-1)).toMatch(/^  next      close it \(crowdlabel close --task 3\) to take back /);
  });

  /**
   * Annotators 1 and 2 each claim, commit and reveal both batches of a 3-image task (batches of 2 and 1). Batch 0: both
   * agree on both images. Batch 1: they disagree, and with R_max 2 it ends unresolved.
   */
  async function labelBothBatches(taskId: bigint) {
    const devchain = connectDevchain({ rpcUrl: anvil.rpcUrl, deployment, pollingInterval: 50 });
    const classCount = exampleManifest().classes.length;
    const answers: Record<number, number[][]> = { 1: [[1, 2], [0]], 2: [[1, 2], [1]] };
    const labelled = new Map<number, LabelledSlot[]>();
    for (const annotator of [1, 2]) {
      const slots = await claimBatches(devchain, { annotator, taskId, count: 2 });
      expect(slots.map((s) => s.batchId).sort()).toEqual([0, 1]);
      const withLabels = slots.map((s) => ({ ...s, labels: packLabels(answers[annotator]![s.batchId]!, { classCount }), salt: generateSalt() }));
      await commitLabels(devchain, { annotator, slots: withLabels });
      labelled.set(annotator, withLabels);
    }
    for (const [annotator, slots] of labelled) await revealLabels(devchain, { annotator, slots });
  }

  it("finalise settles every finalisable batch of a task in one transaction", async () => {
    const created = await run(["--manifest", manifestCid, "--reward", "0.5", "--redundancy", "2", "--max-redundancy", "2", "--bond", "0", "--deadline", "7d", "--yes"]);
    expect(created.out.at(-1)).toMatch(/^✓ task 4 created/);
    await labelBothBatches(4n);

    const sent = await runCli(["finalise", "--task", "4", "--yes"]);
    expect(sent.code).toBe(0);
    expect(sent.err.filter((l) => l.includes(" sent: "))).toEqual([expect.stringMatching(/^finaliseBatches sent: 0x[0-9a-f]{64}$/)]);
    expect(sent.out.slice(0, 3)).toEqual([
      "Finalises 2 batches of task 4 in 1 transaction (the caller pays the gas and earns nothing):",
      "  batch 0, round 1: 2 of 2 committed labels revealed",
      "  batch 1, round 1: 2 of 2 committed labels revealed",
    ]);
    const tx = /\(transaction (0x[0-9a-f]{64})\)$/;
    expect(sent.out[3]).toMatch(/^✓ batch 0: 2\/2 images resolved, 2 tUSD paid, 0 tUSD of bonds forfeited; done \(transaction 0x[0-9a-f]{64}\)$/);
    expect(sent.out[4]).toMatch(/^✓ batch 1: 0\/1 images resolved, 0 tUSD paid, 0 tUSD of bonds forfeited; done \(transaction 0x[0-9a-f]{64}\)$/);
    expect(sent.out[3]!.match(tx)![1]).toBe(sent.out[4]!.match(tx)![1]);
    const task = await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [4n] });
    expect([task.doneBatches, task.pendingBatches, task.paid]).toEqual([2, 0, parseEther("2")]);
    expect((await runCli(["finalise", "--task", "4"])).out).toEqual(["Nothing to finalise in task 4 yet: 2 done."]);
  });

  it("finalise plans one transaction per batch on a chain whose blocks are too small for both in one", async () => {
    const created = await run(["--manifest", manifestCid, "--reward", "0.1", "--redundancy", "2", "--max-redundancy", "2", "--bond", "0", "--deadline", "7d", "--yes"]);
    expect(created.out.at(-1)).toMatch(/^✓ task 5 created/);
    await labelBothBatches(5n);
    // A block gas limit that fits each batch's finalise but not both in one transaction (a chain can lower it).
    const views = await readBatchViews(client(), { contract: deployment.crowdlabel, taskId: 5n, batchIds: [0, 1] });
    const revealed = await readRevealedSlots({ client: client(), contract: deployment.crowdlabel, taskId: 5n, fromBlock: 0n, toBlock: await client().getBlockNumber() });
    const batches = views.map((b) => ({ batchId: b.batchId, labels: finaliseVectors(revealed, b.batchId, b.roundEnd) }));
    const gas = {
      both: await client().estimateContractGas({ account: owner, address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "finaliseBatches", args: [5n, batches] }),
      alone: await Promise.all(batches.map((b) => client().estimateContractGas({ account: owner, address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "finalise", args: [5n, b.batchId, b.labels] }))),
    };
    const limit = gas.alone.reduce((a, b) => (a > b ? a : b)) + 5_000n;
    expect(gas.both).toBeGreaterThan(limit);
    const testClient = createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) });
    const { gasLimit } = await client().getBlock();
    await testClient.setBlockGasLimit({ gasLimit: limit });
    await testClient.mine({ blocks: 1 });
    try {
      const sent = await runCli(["finalise", "--task", "5", "--yes"]);
      expect(sent.code).toBe(0);
      // Planned from the block gas limit: no transaction that would fail is tried first.
      expect(sent.err).toEqual([expect.stringMatching(/^finaliseBatches sent: 0x[0-9a-f]{64}$/), expect.stringMatching(/^finaliseBatches sent: 0x[0-9a-f]{64}$/)]);
      expect(sent.out[0]).toBe("Finalises 2 batches of task 5 in 2 transactions (the caller pays the gas and earns nothing):");
      expect(sent.out[3]).toMatch(/^✓ batch 0: 2\/2 images resolved, 0\.4 tUSD paid, 0 tUSD of bonds forfeited; done \(transaction 0x[0-9a-f]{64}\)$/);
      expect(sent.out[4]).toMatch(/^✓ batch 1: 0\/1 images resolved, 0 tUSD paid, 0 tUSD of bonds forfeited; done \(transaction 0x[0-9a-f]{64}\)$/);
      const tx = /\(transaction (0x[0-9a-f]{64})\)$/;
      expect(sent.out[3]!.match(tx)![1]).not.toBe(sent.out[4]!.match(tx)![1]);
      const task = await client().readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [5n] });
      expect([task.doneBatches, task.pendingBatches, task.paid]).toEqual([2, 0, parseEther("0.4")]);
    } finally {
      await testClient.setBlockGasLimit({ gasLimit });
      await testClient.mine({ blocks: 1 });
    }
  });
});

describe("the local stack's deployment", () => {
  it("is read from .crowdlabel/deployments/<chainId>.json, absent when missing or outside the repository, an error when malformed", async () => {
    const root = await mkdtemp(join(tmpdir(), "sdk-local-deployment-"));
    try {
      const dir = join(root, ".crowdlabel", "deployments");
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "31337.json"), JSON.stringify({ chainId: 31337, crowdlabel: "0x5FbDB2315678afecb367f032d93F642f64180aa3", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", startBlock: 0 }));
      await writeFile(join(dir, "1337.json"), "{ not json");
      expect(localDeployment(31337, () => root)).toEqual({ crowdlabel: "0x5FbDB2315678afecb367f032d93F642f64180aa3", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", startBlock: 0 });
      expect(() => localDeployment(1337, () => root)).toThrow(`Cannot read the deployment file ${join(dir, "1337.json")}.`);
      expect(localDeployment(8453, () => root)).toBeUndefined();
      expect(
        localDeployment(31337, () => {
          throw new Error("not in the repository");
        }),
      ).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("gives a --contract address its token and start block only when it is that deployment's, and skips a malformed file for it", async () => {
    const root = await mkdtemp(join(tmpdir(), "sdk-known-deployment-"));
    try {
      const dir = join(root, ".crowdlabel", "deployments");
      await mkdir(dir, { recursive: true });
      const local = { crowdlabel: "0x5FbDB2315678afecb367f032d93F642f64180aa3", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", startBlock: 40 } as const;
      await writeFile(join(dir, "31337.json"), JSON.stringify({ chainId: 31337, ...local }));
      await writeFile(join(dir, "1337.json"), "{ not json");
      const other = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
      expect(knownDeployment(31337, undefined, () => root)).toEqual(local);
      expect(knownDeployment(31337, local.crowdlabel.toLowerCase(), () => root)).toEqual(local);
      expect(knownDeployment(31337, other, () => root)).toBeUndefined();
      expect(knownDeployment(1337, other, () => root)).toBeUndefined();
      expect(() => knownDeployment(1337, undefined, () => root)).toThrow(`Cannot read the deployment file ${join(dir, "1337.json")}.`);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
