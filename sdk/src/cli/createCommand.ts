import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { MAX_DEADLINE, MAX_REDUNDANCY, MAX_TOKEN_AMOUNT, MAX_WINDOW_SECONDS, fractionDigits } from "../chain/taskLimits.ts";
import { needsAllowanceReset } from "../chain/allowanceReset.ts";
import { erc20Abi, isAddress, parseEventLogs, parseSignature, parseUnits, formatUnits, zeroHash, type Address, type ContractFunctionArgs, type PrivateKeyAccount, type TransactionReceipt } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { permitTypedData, type Eip712DomainFields } from "../chain/permit.ts";
import { fetchManifest } from "../ipfs/fetchTaskFiles.ts";
import { isCid } from "../ipfs/isCid.ts";
import { connectChain, readToken, type ChainConnection } from "./chainConnection.ts";
import { crowdlabelWithTokenErrors, revertName, signerFromEnv, transactionSender } from "./transactions.ts";
import { UsageError, connectionOptions, givenAddress, ipfsConfigFromCliEnv, nothingSent, resolveUserPath, yesOption, type CliIo } from "./options.ts";
import { parseGoldAnswers } from "./goldAnswers.ts";
import { makeGold, type GoldFile } from "../commitment/goldFile.ts";
import { taskBudget } from "../chain/taskMoney.ts";
import { batchCount } from "../manifest/batchItems.ts";

export const CREATE_USAGE = `  create --manifest <cid> --reward <amount> [--redundancy 3] [--max-redundancy R] [--min-agreement 2]
         [--bond 0] [--deadline 7d] [--claim-ttl 1h] [--commit-window 2×claim-ttl] [--reveal-window 1h]
         [--min-labels 0] [--min-agreement-pct 0] [--gold answers.json [--gold-out file]] [--token 0x…]
         [--no-permit] [--yes]
                                             post a task for an uploaded manifest, signed with PRIVATE_KEY:
                                             prints what it will sign (budget = images × max redundancy ×
                                             reward, escrowed now) and sends nothing without --yes; then
                                             creates the task, with a permit for exactly the budget when
                                             the token has EIP-2612 (else an approval first).
                                             Amounts are in token units (0.5); times are seconds or 30m, 1h,
                                             7d; --deadline also takes an ISO date (2026-12-31T00:00:00Z).
                                             --gold commits your answers for some images ({"0": "cat",
                                             "b.png": "dog"}); the gold file to reveal them later is written
                                             before anything is sent (keep it)`;

const options = {
  manifest: { type: "string" },
  reward: { type: "string" },
  redundancy: { type: "string", default: "3" },
  "max-redundancy": { type: "string" },
  "min-agreement": { type: "string" },
  bond: { type: "string", default: "0" },
  deadline: { type: "string", default: "7d" },
  "claim-ttl": { type: "string", default: "1h" },
  "commit-window": { type: "string" },
  "reveal-window": { type: "string", default: "1h" },
  "min-labels": { type: "string", default: "0" },
  "min-agreement-pct": { type: "string", default: "0" },
  gold: { type: "string" },
  "gold-out": { type: "string" },
  token: { type: "string" },
  ...connectionOptions,
  "no-permit": { type: "boolean", default: false },
  ...yesOption,
} as const;

const units = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** `600`, `10m`, `1h`, `7d`: seconds, at most what the contract stores (about 136 years). */
export function durationOption(name: string, value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (!match) throw new UsageError(`--${name} must be a duration such as 600, 30m, 1h or 7d, got "${value}".`);
  const seconds = Number(match[1]) * units[(match[2] || "s") as keyof typeof units];
  if (!(seconds <= MAX_WINDOW_SECONDS)) throw new UsageError(`--${name} is too long: at most ${MAX_WINDOW_SECONDS} seconds (about 136 years), got "${value}".`);
  return seconds;
}

/** A whole number in [min, max]. */
function wholeOption(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return Number(value);
}

/** `--min-agreement`, 2 by default: a default above the labels per image is named as one, with the option to pass. */
function minAgreementOption(value: string | undefined, maxRedundancy: number): number {
  if (value !== undefined) return wholeOption("min-agreement", value, 1, maxRedundancy);
  if (maxRedundancy < 2)
    throw new UsageError("--min-agreement is 2 by default, more than the 1 label per image asked for.", {
      details: "Pass --min-agreement 1 (each image's one label is its consensus), or --redundancy / --max-redundancy 2 or more.",
    });
  return 2;
}

/** An amount in whole token units ("0.5"), in base units, at most what the contract stores (uint96). */
export function amountOption(name: string, value: string, decimals: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--${name} must be an amount in token units such as 1 or 0.25, got "${value}".`);
  if (fractionDigits(value) > decimals) throw new UsageError(`--${name} has more decimals than the token's ${decimals}: "${value}".`);
  const amount = parseUnits(value, decimals);
  if (amount > MAX_TOKEN_AMOUNT) throw new UsageError(`--${name} is too large: at most ${formatUnits(MAX_TOKEN_AMOUNT, decimals)} for a token of ${decimals} decimals, got "${value}".`);
  return amount;
}

/** `--deadline 7d` (from now) or an ISO date: unix seconds, at most what the contract stores (uint40). */
export function deadlineOption(value: string, now: number): number {
  const deadline = /^\d+[smhd]?$/.test(value) ? now + durationOption("deadline", value) : Math.floor(Date.parse(value) / 1000);
  if (Number.isNaN(deadline)) throw new UsageError(`--deadline must be a duration from now (7d) or an ISO date (2026-12-31T00:00:00Z), got "${value}".`);
  if (deadline > MAX_DEADLINE || deadline < 0) throw new UsageError(`--deadline must be between 1970 and the year 36812 (the contract keeps it in 40 bits), got "${value}".`);
  return deadline;
}

const duration = (seconds: number) => (seconds % 86_400 === 0 ? `${seconds / 86_400}d` : seconds % 3_600 === 0 ? `${seconds / 3_600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`);

/** `crowdlabel create`: posts a task for a manifest already on IPFS. */
export async function createCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options });
  if (!values.manifest) throw new UsageError("--manifest <cid> is required.", { details: "The manifest CID that `crowdlabel upload` printed." });
  if (!isCid(values.manifest)) throw new UsageError(`--manifest is not a CID: "${values.manifest}".`);
  if (!values.reward) throw new UsageError("--reward <amount> is required.", { details: "Tokens paid per label that agrees with consensus, e.g. --reward 0.5" });
  const redundancy = wholeOption("redundancy", values.redundancy, 1, MAX_REDUNDANCY);
  const maxRedundancy = values["max-redundancy"] === undefined ? redundancy : wholeOption("max-redundancy", values["max-redundancy"], redundancy, MAX_REDUNDANCY);
  const minAgreement = minAgreementOption(values["min-agreement"], maxRedundancy);
  const claimTtl = durationOption("claim-ttl", values["claim-ttl"]);
  const commitWindow = values["commit-window"] === undefined ? 2 * claimTtl : durationOption("commit-window", values["commit-window"]);
  const revealWindow = durationOption("reveal-window", values["reveal-window"]);
  const minLabelsRevealed = wholeOption("min-labels", values["min-labels"], 0, 2 ** 32 - 1);
  const agreementPct = Number(values["min-agreement-pct"]);
  if (!/^\d+(\.\d{1,2})?$/.test(values["min-agreement-pct"]) || agreementPct > 100)
    throw new UsageError(`--min-agreement-pct must be a percentage from 0 to 100 (two decimals at most), got "${values["min-agreement-pct"]}".`);
  const account = signerFromEnv(io.env);

  const connection = await connectChain(values, io.env);
  const { client, rpc, chainId, contract, known } = connection;
  const token = givenAddress({ flag: "token", variable: "TOKEN", values, env: io.env }) ?? known?.token;
  if (!token || !isAddress(token)) throw new UsageError(`No reward token for chain ${chainId}.`, { details: "Pass --token 0x… (or TOKEN): the ERC-20 that pays rewards and bonds." });
  const manifest = await fetchManifest({ config: ipfsConfigFromCliEnv(io.env), cid: values.manifest });

  const { decimals, format: amount } = await readToken(connection, token);
  let gold: GoldFile | undefined;
  let goldOut: string | undefined;
  if (values.gold !== undefined) {
    const answersFile = resolveUserPath(values.gold, io.env);
    const answers = parseGoldAnswers(await readFile(answersFile, "utf8"), manifest, answersFile);
    gold = makeGold({ answers, classCount: manifest.classes.length, chainId, contract, manifestCid: values.manifest });
    goldOut = resolveUserPath(values["gold-out"] ?? `crowdlabel-gold-${values.manifest.slice(0, 12)}.json`, io.env);
    if (existsSync(goldOut)) throw new UsageError(`${goldOut} already exists.`, { details: "It may hold the answers of another task: pass --gold-out <new file>." });
  }
  const rewardPerLabel = amountOption("reward", values.reward, decimals);
  const bondPerClaim = amountOption("bond", values.bond, decimals);
  const now = Number((await client.getBlock()).timestamp);
  const deadline = deadlineOption(values.deadline, now);
  const params = {
    token,
    manifestCid: values.manifest,
    itemCount: manifest.items.length,
    batchSize: manifest.batchSize,
    classCount: manifest.classes.length,
    redundancy,
    maxRedundancy,
    minAgreement,
    rewardPerLabel,
    bondPerClaim,
    claimTtl,
    commitWindow,
    revealWindow,
    deadline,
    minLabelsRevealed,
    minAgreementBps: Math.round(agreementPct * 100),
    goldCommitment: gold?.commitment ?? zeroHash,
  } as const;
  const budget = taskBudget({ itemCount: params.itemCount, maxRedundancy, rewardPerLabel });
  const [balance, allowance, permit] = await Promise.all([
    client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account.address] }),
    client.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [account.address, contract] }),
    values["no-permit"] ? undefined : permitSupport(client, token, account.address),
  ]);
  // Short of allowance, a token with EIP-2612 takes a signed permit inside createTaskWithPermit: one transaction.
  const viaPermit = allowance < budget && permit !== undefined;
  const resetFirst = !viaPermit && needsAllowanceReset(allowance, budget);
  const batches = batchCount(params);

  io.out(`Task "${manifest.title}": ${params.itemCount} images in ${batches === 1 ? "one batch" : `${batches} batches of ${params.batchSize}`}, ${params.classCount} classes (manifest ${values.manifest})`);
  io.out(`  labels    ${redundancy} per image${maxRedundancy > redundancy ? `, up to ${maxRedundancy} where they disagree` : ""}; consensus at ${minAgreement} agreeing votes`);
  io.out(`  reward    ${amount(rewardPerLabel)} per agreeing label; bond ${bondPerClaim === 0n ? "none" : `${amount(bondPerClaim)} per claimed batch`}`);
  io.out(`  times     claims last ${duration(claimTtl)}, commit window ${duration(commitWindow)}, reveal window ${duration(revealWindow)}; deadline ${new Date(deadline * 1000).toISOString()}`);
  io.out(`  gate      ${minLabelsRevealed === 0 && agreementPct === 0 ? "open to everyone" : `${minLabelsRevealed} labels revealed and ${agreementPct}% agreement`}`);
  if (gold) io.out(`  gold      ${gold.items.length} image${gold.items.length === 1 ? "" : "s"} answered; only their hash goes on chain. The answers go to ${goldOut} before anything is sent: keep it to reveal them`);
  io.out(`  escrow    ${amount(budget)} (images × max labels × reward) from ${account.address}, balance ${amount(balance)}; what is not earned is refunded at close`);
  io.out(`  chain     ${chainId} at ${rpc}, Crowdlabel ${contract}`);
  const steps = viaPermit
    ? [`signs a permit for Crowdlabel to take exactly ${amount(budget)} (no gas), then sends createTaskWithPermit: one transaction`]
    : [
        ...(resetFirst ? [`approve 0 (an allowance of ${amount(allowance)} is there: tokens like USDT refuse to change one non-zero allowance to another)`] : []),
        ...(allowance < budget ? [`approve ${amount(budget)} to Crowdlabel (allowance now ${amount(resetFirst ? 0n : allowance)})`] : []),
        "createTask",
      ];
  io.out(`  sends     ${steps.join(", then ")}`);
  if (balance < budget) throw new CrowdlabelError(`The balance of ${account.address}, ${amount(balance)}, is below the budget of ${amount(budget)}.`, { details: "Top up the token, or lower --reward, --max-redundancy or the number of images." });
  if (params.deadline <= now + claimTtl) throw new UsageError(`The deadline ${new Date(deadline * 1000).toISOString()} leaves no time to claim a batch (claims last ${duration(claimTtl)}).`, { details: "Pass a later --deadline, e.g. 7d." });
  if (nothingSent(io, values.yes)) return 0;

  const sender = transactionSender(connection, account, io);
  const createTask = { address: contract, abi: crowdlabelWithTokenErrors, functionName: "createTask", args: [params] } as const;
  const call = viaPermit ? await withPermit(account, { params, permit, contract, budget, now }) : createTask;
  await checkParameters(sender, call);
  // Only once the parameters pass (a refused run leaves no file to block its re-run), and before the task exists.
  if (gold) await writeFile(goldOut!, `${JSON.stringify(gold, null, 2)}\n`, { flag: "wx" });
  if (!viaPermit && allowance < budget) {
    if (resetFirst) await sender.send({ address: token, abi: erc20Abi, functionName: "approve", args: [contract, 0n] });
    await sender.send({ address: token, abi: erc20Abi, functionName: "approve", args: [contract, budget] });
  }
  return reportCreated(await sender.send(call), { io, amount, gold, goldOut });
}

type CreateParams = ContractFunctionArgs<typeof crowdlabelAbi, "nonpayable", "createTask">[0];

/** createTaskWithPermit with a permit, signed now (no gas), for Crowdlabel to take exactly the budget. */
async function withPermit(
  account: PrivateKeyAccount,
  { params, permit, contract, budget, now }: { params: CreateParams; permit: { nonce: bigint; domain: Eip712DomainFields }; contract: Address; budget: bigint; now: number },
) {
  const permitDeadline = BigInt(now + 3_600);
  const signature = await account.signTypedData(permitTypedData(permit.domain, { owner: account.address, spender: contract, value: budget, nonce: permit.nonce, deadline: permitDeadline }));
  const { v, r, s } = parseSignature(signature);
  return { address: contract, abi: crowdlabelWithTokenErrors, functionName: "createTaskWithPermit", args: [params, permitDeadline, Number(v ?? 27n), r, s] } as const;
}

/**
 * Simulates the create call, so a parameter the contract refuses is explained before anything is written or sent.
 * createTask checks its parameters before it pulls the budget: only the allowance, approved later, may fail here.
 */
async function checkParameters(sender: ReturnType<typeof transactionSender>, call: Parameters<ReturnType<typeof transactionSender>["simulate"]>[0]): Promise<void> {
  try {
    await sender.simulate(call);
  } catch (error) {
    if (!["ERC20InsufficientAllowance", "SafeERC20FailedOperation"].includes(revertName(error) ?? "")) throw error;
  }
}

/** Prints the new task's id from its TaskCreated event, and records it in the gold file. */
async function reportCreated(
  receipt: TransactionReceipt,
  { io, amount, gold, goldOut }: { io: CliIo; amount: (value: bigint) => string; gold: GoldFile | undefined; goldOut: string | undefined },
): Promise<number> {
  const hash = receipt.transactionHash;
  const [created] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskCreated" });
  if (!created) throw new CrowdlabelError(`createTask emitted no TaskCreated event (transaction ${hash}).`);
  io.out(`✓ task ${created.args.taskId} created in block ${receipt.blockNumber}, ${amount(created.args.budget)} escrowed (transaction ${hash})`);
  if (gold) {
    await writeFile(goldOut!, `${JSON.stringify({ ...gold, taskId: created.args.taskId.toString() }, null, 2)}\n`);
    io.out(`  gold answers in ${goldOut}: load it on the task's dashboard to check the labels against it; reveal it once labeling is over`);
  }
  return 0;
}

/** The token's EIP-2612 nonce and EIP-712 domain, or undefined when it has no permit. */
async function permitSupport(client: ChainConnection["client"], token: Address, owner: Address): Promise<{ nonce: bigint; domain: Eip712DomainFields } | undefined> {
  try {
    const [nonce, domain] = await Promise.all([
      client.readContract({ address: token, abi: testTokenAbi, functionName: "nonces", args: [owner] }),
      client.readContract({ address: token, abi: testTokenAbi, functionName: "eip712Domain" }),
    ]);
    return { nonce, domain };
  } catch {
    return undefined;
  }
}
