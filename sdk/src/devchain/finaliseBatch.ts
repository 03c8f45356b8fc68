import type { Hex, TransactionReceipt } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import type { Devchain } from "./connectDevchain.ts";
import { writeCrowdlabel } from "./writeCrowdlabel.ts";

/**
 * Every slot's revealed labels up to the batch's current round end, in slot order, from the chain's
 * LabelsRevealed events ("0x" for a slot that did not reveal): what `finalise` takes.
 */
export async function revealedLabels(devchain: Devchain, options: { taskId: bigint; batchId: number }): Promise<Hex[]> {
  const { taskId, batchId } = options;
  const { crowdlabel, startBlock } = devchain.deployment;
  const [batch] = await devchain.publicClient.readContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] });
  const logs = await devchain.publicClient.getContractEvents({
    address: crowdlabel,
    abi: crowdlabelAbi,
    eventName: "LabelsRevealed",
    args: { taskId, batchId },
    fromBlock: BigInt(startBlock),
  });
  const labels: Hex[] = Array.from({ length: batch.roundEnd }, () => "0x");
  for (const log of logs) if (log.args.slot !== undefined && log.args.labels !== undefined && log.args.slot < batch.roundEnd) labels[log.args.slot] = log.args.labels;
  return labels;
}

/**
 * Finalises a batch's round from default account `caller` with every slot's revealed labels in slot order
 * (null or "0x" for a slot that did not reveal); read from the chain (`revealedLabels`) when not given.
 */
export async function finaliseBatch(
  devchain: Devchain,
  options: { caller: number; taskId: bigint; batchId: number; labels?: readonly (Hex | null)[] },
): Promise<TransactionReceipt> {
  const { taskId, batchId } = options;
  const labels = options.labels ? options.labels.map((l) => l ?? "0x") : await revealedLabels(devchain, { taskId, batchId });
  return writeCrowdlabel(devchain, options.caller, "finalise", [taskId, batchId, labels]);
}
