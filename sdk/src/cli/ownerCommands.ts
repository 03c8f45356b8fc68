import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isAddress, parseEventLogs, zeroHash } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { crowdlabelAbi } from "../generated/abis.ts";
import { readTaskState } from "../chain/readDatasetSource.ts";
import { parseGoldFile } from "../commitment/goldFile.ts";
import { canCloseTask, closeRefund } from "../chain/taskMoney.ts";
import { fetchManifest } from "../ipfs/fetchTaskFiles.ts";
import { connectChain, tokenFormatter, type ChainConnection } from "./chainConnection.ts";
import { UsageError, connectionOptions, givenAddress, ipfsConfigFromCliEnv, nothingSent, resolveUserPath, taskIdOption, yesOption, type CliIo } from "./options.ts";
import { signerFromEnv, transactionSender } from "./transactions.ts";

export const OWNER_USAGE = `  status --task <id>                         a task's progress, money and what its owner can do next
  close --task <id> [--yes]                  close a task (after its deadline, or once every batch is done): what
                                             was not earned returns to your credits (then withdraw)
  reveal-gold --task <id> --gold-file <file> [--yes]
                                             publish the gold answers committed at creation (once labeling is over)
  withdraw [--token 0x…] [--yes]             move your credits (refunds, rewards, bonds) to your wallet`;

const chainOptions = { ...connectionOptions, task: { type: "string" }, ...yesOption } as const;

const readTask = (connection: ChainConnection, taskId: bigint) => readTaskState({ ...connection, taskId });

/** The manifest's title in quotes, for status; IPFS is optional there, so its failures (a bad IPFS_GATEWAY_URL too) are told, not thrown. */
async function manifestTitle(cid: string, env: CliIo["env"]): Promise<string> {
  try {
    return `"${(await fetchManifest({ config: ipfsConfigFromCliEnv(env), cid })).title}"`;
  } catch (error) {
    return error instanceof UsageError ? `(manifest ${cid} not read: ${error.shortMessage})` : `(manifest ${cid} not reachable on IPFS)`;
  }
}

/** `crowdlabel status --task N`: the task's state from the chain (and its title from IPFS when reachable). */
export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: chainOptions });
  const taskId = taskIdOption(values.task);
  const connection = await connectChain(values, io.env);
  const task = await readTask(connection, taskId);
  const amount = await tokenFormatter(connection, task.token);
  const [created] = await connection.client.getContractEvents({ address: connection.contract, abi: crowdlabelAbi, eventName: "TaskCreated", args: { taskId }, fromBlock: BigInt(task.createdBlock), toBlock: BigInt(task.createdBlock) });
  const manifestCid = created?.args.params?.manifestCid;
  const title = manifestCid ? await manifestTitle(manifestCid, io.env) : "";
  const now = Number((await connection.client.getBlock()).timestamp);
  const deadline = Number(task.deadline);
  const closable = canCloseTask({ ...task, batchesDone: task.doneBatches, deadline }, now);
  io.out(`Task ${taskId}${title ? ` ${title}` : ""} (owner ${task.owner})`);
  io.out(`  state     ${task.closed ? "closed" : now >= deadline ? "past its deadline" : "open"}; deadline ${new Date(deadline * 1000).toISOString()}`);
  io.out(`  batches   ${task.doneBatches}/${task.batchCount} done${task.pendingBatches ? `, ${task.pendingBatches} with labels awaiting finalisation` : ""}`);
  io.out(`  money     ${amount(task.funded)} escrowed, ${amount(task.paid)} paid to annotators; bonds ${amount(task.bondsHeld)} held, ${amount(task.bondsForfeited)} forfeited to the task`);
  io.out(`  gold      ${task.goldCommitment === zeroHash ? "none" : task.goldRevealed ? "revealed" : "committed, not revealed yet"}`);
  const next = task.closed
    ? `export the dataset (crowdlabel export --task ${taskId} --format jsonl --out dataset.jsonl); withdraw your credits`
    : closable
      ? `close it (crowdlabel close --task ${taskId}) to take back ${amount(closeRefund(task))}`
      : now < deadline
        ? "wait: annotators are labeling"
        : `finalise the batches that hold labels (crowdlabel finalise --task ${taskId}; anyone may), then close`;
  io.out(`  next      ${next}`);
  return 0;
}

/** `crowdlabel close --task N`: closes the task; the unearned budget and forfeited bonds go to the owner's credits. */
export async function closeCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: chainOptions });
  const taskId = taskIdOption(values.task);
  const account = signerFromEnv(io.env);
  const connection = await connectChain(values, io.env);
  const task = await readTask(connection, taskId);
  const amount = await tokenFormatter(connection, task.token);
  const sender = transactionSender(connection, account, io);
  const call = { address: connection.contract, abi: crowdlabelAbi, functionName: "closeTask", args: [taskId] } as const;
  await sender.simulate(call);
  io.out(`Closes task ${taskId}: ${amount(closeRefund(task))} (unearned budget and forfeited bonds) go to the credits of ${task.owner}.`);
  if (nothingSent(io, values.yes)) return 0;
  const receipt = await sender.send(call);
  const [closed] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskClosed" });
  io.out(`✓ task ${taskId} closed: ${amount(closed!.args.refund)} credited (transaction ${receipt.transactionHash}). Withdraw it with: crowdlabel withdraw --token ${task.token}`);
  return 0;
}

/** `crowdlabel reveal-gold --task N --gold-file F`: publishes the committed gold answers. */
export async function revealGoldCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...chainOptions, "gold-file": { type: "string" } } });
  const taskId = taskIdOption(values.task);
  if (!values["gold-file"]) throw new UsageError("--gold-file <file> is required.", { details: "The gold file written when the task was created." });
  const file = resolveUserPath(values["gold-file"], io.env);
  const gold = parseGoldFile(await readFile(file, "utf8"));
  const account = signerFromEnv(io.env);
  const connection = await connectChain(values, io.env);
  const task = await readTask(connection, taskId);
  if (task.goldCommitment === zeroHash)
    throw new CrowdlabelError(`Task ${taskId} has no gold answers to reveal: it was created without --gold.`, {
      details: gold.taskId ? `${file} says it is task ${gold.taskId}'s: pass --task ${gold.taskId}.` : "Check --task: reveal-gold takes the task created with this gold file.",
    });
  if (task.goldCommitment.toLowerCase() !== gold.commitment.toLowerCase())
    throw new CrowdlabelError(`${file} does not hold task ${taskId}'s gold answers: its commitment differs from the one on chain.`, { details: gold.taskId ? `The file says it is task ${gold.taskId}'s.` : "Pass the gold file written when this task was created." });
  const sender = transactionSender(connection, account, io);
  const call = { address: connection.contract, abi: crowdlabelAbi, functionName: "revealGold", args: [taskId, gold.items, gold.labels, gold.salt] } as const;
  await sender.simulate(call);
  io.out(`Reveals ${gold.items.length} gold answers of task ${taskId}.`);
  if (nothingSent(io, values.yes)) return 0;
  const receipt = await sender.send(call);
  io.out(`✓ gold answers of task ${taskId} revealed (transaction ${receipt.transactionHash})`);
  return 0;
}

/** `crowdlabel withdraw`: moves the signer's credits in one token to its wallet. */
export async function withdrawCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...connectionOptions, ...yesOption, token: { type: "string" } } });
  const account = signerFromEnv(io.env);
  const connection = await connectChain(values, io.env);
  const token = givenAddress({ flag: "token", variable: "TOKEN", values, env: io.env }) ?? connection.known?.token;
  if (!token || !isAddress(token)) throw new UsageError(`No token for chain ${connection.chainId}.`, { details: "Pass --token 0x… (or TOKEN): the ERC-20 your credits are in." });
  const amount = await tokenFormatter(connection, token);
  const credits = await connection.client.readContract({ address: connection.contract, abi: crowdlabelAbi, functionName: "credits", args: [token, account.address] });
  if (credits === 0n) throw new CrowdlabelError(`${account.address} has no credits in ${token}.`, { details: "Credits come from rewards, returned bonds and the refund of a closed task." });
  io.out(`Withdraws ${amount(credits)} to ${account.address}.`);
  if (nothingSent(io, values.yes)) return 0;
  const sender = transactionSender(connection, account, io);
  const receipt = await sender.send({ address: connection.contract, abi: crowdlabelAbi, functionName: "withdraw", args: [token] });
  io.out(`✓ ${amount(credits)} withdrawn (transaction ${receipt.transactionHash})`);
  return 0;
}
