import { parseEventLogs, zeroHash, type TransactionReceipt } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import { CrowdlabelError } from "../errors.ts";
import type { Devchain } from "./connectDevchain.ts";
import { fundAccount } from "./fundAccount.ts";
import { writeCrowdlabel, type CrowdlabelWriteArgs } from "./writeCrowdlabel.ts";

/** `createTask`'s parameters as the contract takes them. */
export type TaskParams = CrowdlabelWriteArgs<"createTask">[0];

export type CreateTaskOptions = Pick<TaskParams, "manifestCid" | "itemCount" | "batchSize" | "classCount" | "rewardPerLabel"> &
  Partial<TaskParams> & {
    /** Default account index of the task owner. */
    owner: number;
    /** Without `deadline`: the deadline in seconds from the latest block; default one day. */
    deadlineIn?: number;
    /** Mint and approve exactly the escrowed budget (items × maxRedundancy × reward) first. */
    fundBudget?: boolean;
  };

/**
 * Creates a task from a default account; returns its id. Unset parameters: the test token, redundancy 3
 * (maxRedundancy the same), agreement at 2, no bond, hour-long claims and reveal window, a commit window of
 * twice the claim's (a round takes new claims while a whole claim still fits in it), no reputation gate, no gold.
 */
export async function createTask(devchain: Devchain, options: CreateTaskOptions): Promise<{ taskId: bigint; receipt: TransactionReceipt }> {
  const { owner, deadlineIn = 86_400, fundBudget = false, ...given } = options;
  const redundancy = given.redundancy ?? 3;
  const maxRedundancy = given.maxRedundancy ?? redundancy;
  const claimTtl = given.claimTtl ?? 3_600;
  if (fundBudget) await fundAccount(devchain, { account: owner, amount: given.rewardPerLabel * BigInt(given.itemCount) * BigInt(maxRedundancy) });
  const deadline = given.deadline ?? Number((await devchain.publicClient.getBlock()).timestamp) + deadlineIn;
  const params: TaskParams = {
    token: given.token ?? devchain.deployment.token,
    manifestCid: given.manifestCid,
    itemCount: given.itemCount,
    batchSize: given.batchSize,
    classCount: given.classCount,
    redundancy,
    maxRedundancy,
    minAgreement: given.minAgreement ?? 2,
    rewardPerLabel: given.rewardPerLabel,
    bondPerClaim: given.bondPerClaim ?? 0n,
    claimTtl,
    commitWindow: given.commitWindow ?? 2 * claimTtl,
    revealWindow: given.revealWindow ?? 3_600,
    deadline,
    minLabelsRevealed: given.minLabelsRevealed ?? 0,
    minAgreementBps: given.minAgreementBps ?? 0,
    goldCommitment: given.goldCommitment ?? zeroHash,
  };
  const receipt = await writeCrowdlabel(devchain, owner, "createTask", [params]);
  const [created] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskCreated" });
  if (!created) throw new CrowdlabelError("createTask emitted no TaskCreated event", { details: receipt.transactionHash });
  return { taskId: created.args.taskId, receipt };
}
