import { parseArgs } from "node:util";
import { BaseError, parseEventLogs, type Hex } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { countResolved } from "../consensus/resolvedMask.ts";
import { crowdlabelAbi } from "../generated/abis.ts";
import { readTaskState } from "../chain/readDatasetSource.ts";
import { finaliseVectors, readRevealedSlots } from "../chain/revealedLabels.ts";
import { finaliseGasBudget, groupFinalisations } from "../chain/finaliseTransactions.ts";
import { BatchPhase as Phase, readBatchViews, readChunked, summariseBatchPhases, type BatchView } from "../chain/readBatchViews.ts";
import { connectChain, tokenFormatter, type ChainConnection } from "./chainConnection.ts";
import { UsageError, connectionOptions, nothingSent, taskIdOption, yesOption, type CliIo } from "./options.ts";
import { signerFromEnv, transactionSender } from "./transactions.ts";

export const FINALISE_USAGE = `  finalise --task <id> [--batch <id>] | --all [--yes]
                                             settle every batch whose reveals are in (or whose reveal window
                                             ended): consensus, rewards, bonds; in one transaction (more
                                             only past ~8M gas, or half a block where blocks are smaller).
                                             --all: every open task's. Anyone may: from cron it is a keeper`;

const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

/** Why a batch cannot be finalised now, in words. */
function notFinalisableReason(b: BatchView, revealWindow: number): string {
  if (b.phase === Phase.Done) return "it is done (every image resolved, or its labels reached the task's maximum)";
  if (b.phase === Phase.Reveal) return `annotators are revealing (${b.revealed} of ${b.committed} so far) until ${time(b.revealOpensAt + revealWindow)}`;
  if (b.revealOpensAt > 0) return `its round is open for commits (${b.committed} so far) until ${time(b.revealOpensAt)}`;
  return "no one has committed labels in its current round yet";
}

/** Where a task's batches stand, for "nothing to finalise": only the non-empty groups, with the earliest next step. */
function batchSummary(batches: readonly BatchView[], revealWindow: number): string {
  const s = summariseBatchPhases(batches, revealWindow);
  const parts = [
    s.committing && `${s.committing} collecting commits (the first reveal opens at ${time(s.firstRevealOpensAt!)})`,
    s.revealing && `${s.revealing} being revealed (the first reveal window ends at ${time(s.firstRevealEndsAt!)})`,
    s.idle && `${s.idle} without commits in their round`,
    s.done && `${s.done} done`,
  ];
  return parts.filter(Boolean).join(", ");
}

/** An error as one line for the per-batch report (the run goes on with the other batches). */
function describe(error: unknown): string {
  if (error instanceof CrowdlabelError) return error.details ? `${error.shortMessage} ${error.details}` : error.shortMessage;
  // viem's short messages may span lines ("… reverted with the following reason:\nEVM error OutOfGas").
  if (error instanceof BaseError) return error.shortMessage.replace(/\s*\n\s*/g, " ");
  throw error;
}

function batchOption(value: string | undefined, batchCount: number, taskId: bigint): number | undefined {
  if (value === undefined) return undefined;
  const batchId = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(batchId) || batchId >= batchCount)
    throw new UsageError(`--batch must be a batch of task ${taskId}, got "${value}".`, { details: `Its batches are 0 to ${batchCount - 1}.` });
  return batchId;
}

type Sender = ReturnType<typeof transactionSender>;
type TaskRun = { connection: ChainConnection; sender: Sender; io: CliIo; yes: boolean };

/**
 * `crowdlabel finalise --task N`: finalises every batch of the task that can be (or `--batch B`), each with its
 * revealed labels read from the LabelsRevealed events since the task's creation block. `--all`: every open task's.
 */
export async function finaliseCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...connectionOptions, task: { type: "string" }, batch: { type: "string" }, all: { type: "boolean", default: false }, ...yesOption },
  });
  if (values.all && (values.task !== undefined || values.batch !== undefined)) throw new UsageError("--all finalises every task: give it without --task and --batch.");
  const taskId = values.all ? undefined : taskIdOption(values.task);
  const account = signerFromEnv(io.env);
  const connection = await connectChain(values, io.env);
  const run: TaskRun = { connection, sender: transactionSender(connection, account, io), io, yes: values.yes };
  if (taskId !== undefined) {
    const task = await readTaskState({ ...connection, taskId });
    const result = await finaliseTask(run, taskId, task, batchOption(values.batch, task.batchCount, taskId));
    if (result.finalisable) nothingSent(io, values.yes);
    return result.failed ? 1 : 0;
  }

  // Only open tasks with a batch awaiting finalisation have anything to finalise (`pendingBatches`).
  const count = await connection.client.readContract({ address: connection.contract, abi: crowdlabelAbi, functionName: "taskCount" });
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const tasks = await readChunked(ids, (id) => readTaskState({ ...connection, taskId: id }));
  const pending = ids.map((id, i) => ({ id, task: tasks[i]! })).filter(({ task }) => !task.closed && task.pendingBatches > 0);
  if (pending.length === 0) {
    io.out(`Nothing to finalise: none of the ${count} tasks has a batch awaiting finalisation.`);
    return 0;
  }
  let finalisable = 0;
  let failed = 0;
  for (const { id, task } of pending) {
    const result = await finaliseTask(run, id, task, undefined);
    finalisable += result.finalisable;
    failed += result.failed;
  }
  if (finalisable) nothingSent(io, values.yes);
  return failed ? 1 : 0;
}

type TaskState = Awaited<ReturnType<typeof readTaskState>>;

/** Finalises (or, without `yes`, simulates) one task's finalisable batches; `only`: just that batch. */
async function finaliseTask(run: TaskRun, taskId: bigint, task: TaskState, only: number | undefined): Promise<{ finalisable: number; failed: number }> {
  const { connection, sender, io } = run;
  const batchIds = only === undefined ? Array.from({ length: task.batchCount }, (_, i) => i) : [only];
  const batches = await readBatchViews(connection.client, { contract: connection.contract, taskId, batchIds });
  const finalisable = batches.filter((b) => b.phase === Phase.Finalisable);

  if (finalisable.length === 0) {
    if (only !== undefined) throw new CrowdlabelError(`Batch ${only} of task ${taskId} cannot be finalised now: ${notFinalisableReason(batches[0]!, task.revealWindow)}.`);
    io.out(`Nothing to finalise in task ${taskId} yet: ${batchSummary(batches, task.revealWindow)}.`);
    return { finalisable: 0, failed: 0 };
  }

  const head = await connection.client.getBlock({ blockTag: "latest" });
  const revealed = await readRevealedSlots({ ...connection, taskId, batchId: only, fromBlock: BigInt(task.createdBlock), toBlock: head.number });
  const amount = await tokenFormatter(connection, task.token);
  const inputs = finalisable.map((b) => ({ batchId: b.batchId, labels: finaliseVectors(revealed, b.batchId, b.roundEnd), view: b }));
  const groups = groupFinalisations(inputs, finaliseGasBudget(head.gasLimit));
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  io.out(`Finalises ${plural(inputs.length, "batch", "batches")} of task ${taskId} in ${plural(groups.length, "transaction", "transactions")} (the caller pays the gas and earns nothing):`);
  for (const { view: b } of inputs) {
    const silent = b.committed - b.revealed;
    io.out(`  batch ${b.batchId}, round ${b.round + 1}: ${b.revealed} of ${b.committed} committed labels revealed${silent ? `; ${silent} bond${silent === 1 ? "" : "s"} forfeited` : ""}`);
  }

  let failed = 0;
  const sendable: Finalisation[][] = [];
  const simulation: GroupSimulation = {
    together: (group) => sender.simulate(finaliseBatchesCall(connection, taskId, group)),
    alone: (b) => sender.simulate({ address: connection.contract, abi: crowdlabelAbi, functionName: "finalise", args: [taskId, b.batchId, b.labels] }),
    err: io.err,
  };
  for (const group of groups) {
    const transactions = await simulateGroup(group, simulation);
    failed += group.length - transactions.flat().length;
    sendable.push(...transactions);
  }
  if (!run.yes) return { finalisable: inputs.length, failed };

  for (const group of sendable) {
    try {
      const receipt = await sender.send(finaliseBatchesCall(connection, taskId, group));
      const settled = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "BatchFinalised" });
      const extras = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "ExtraRoundOpened" });
      for (const { view: b } of group) {
        const done = settled.find((e) => e.args.batchId === b.batchId);
        // Skipped by the contract: another keeper settled it after it was read, which is what this run is for.
        if (!done) {
          io.out(`✓ batch ${b.batchId}: finalised by someone else meanwhile`);
          continue;
        }
        const extra = extras.find((e) => e.args.batchId === b.batchId);
        const next = extra ? `; round ${extra.args.round + 1} opened for ${extra.args.extraSlots} more labels on ${countResolved(extra.args.unresolvedMask)} images` : "; done";
        io.out(`✓ batch ${b.batchId}: ${countResolved(done.args.resolvedMask)}/${b.itemCount} images resolved, ${amount(done.args.rewardsPaid)} paid, ${amount(done.args.bondsForfeited)} of bonds forfeited${next} (transaction ${receipt.transactionHash})`);
      }
    } catch (error) {
      failed += group.length;
      io.err(`  ${group.length === 1 ? "batch" : "batches"} ${group.map((g) => g.batchId).join(", ")} not finalised: ${describe(error)}`);
    }
  }
  return { finalisable: inputs.length, failed };
}

export type Finalisation = { batchId: number; labels: Hex[]; view: BatchView };

function finaliseBatchesCall(connection: ChainConnection, taskId: bigint, group: readonly Finalisation[]) {
  const batches = group.map(({ batchId, labels }) => ({ batchId, labels }));
  return { address: connection.contract, abi: crowdlabelAbi, functionName: "finaliseBatches", args: [taskId, batches] } as const;
}

/** How `simulateGroup` tries a group's transaction and a batch's own, and where it reports. */
export type GroupSimulation = {
  together: (group: readonly Finalisation[]) => Promise<unknown>;
  alone: (batch: Finalisation) => Promise<unknown>;
  err: (line: string) => void;
};

/**
 * The transactions to send for a group: the group itself when its transaction simulates. Otherwise each batch is
 * simulated alone with `finalise`, so the report names the batches that would fail and why, and each that passes
 * goes in a transaction of its own (together they failed: the cause may be their sum, when the gas model falls short).
 */
export async function simulateGroup(group: readonly Finalisation[], simulation: GroupSimulation): Promise<Finalisation[][]> {
  const { together, alone, err } = simulation;
  try {
    await together(group);
    return [[...group]];
  } catch (groupError) {
    if (group.length === 1) {
      err(`  batch ${group[0]!.batchId} would fail: ${describe(groupError)}`);
      return [];
    }
    err(`  one transaction for batches ${group.map((b) => b.batchId).join(", ")} would fail: ${describe(groupError)}; trying each batch alone`);
  }
  const passing: Finalisation[][] = [];
  for (const b of group) {
    try {
      await alone(b);
      passing.push([b]);
    } catch (error) {
      err(`  batch ${b.batchId} would fail: ${describe(error)}`);
    }
  }
  return passing;
}
