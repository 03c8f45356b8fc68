import type { Hex, TransactionReceipt } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import { finaliseVectors, readRevealedSlots } from "../chain/revealedLabels.ts";
import type { Devchain } from "./connectDevchain.ts";
import { writeCrowdlabel } from "./writeCrowdlabel.ts";

/**
 * Every slot's revealed labels up to the batch's current round end, in slot order, from the chain's
 * LabelsRevealed events ("0x" for a slot that did not reveal): what `finalise` takes.
 */
export async function revealedLabels(devchain: Devchain, options: { taskId: bigint; batchId: number }): Promise<Hex[]> {
  const { taskId, batchId } = options;
  const { publicClient: client, deployment } = devchain;
  const [[batch], revealed] = await Promise.all([
    client.readContract({ address: deployment.crowdlabel, abi: crowdlabelAbi, functionName: "getBatch", args: [taskId, batchId] }),
    client.getBlockNumber({ cacheTime: 0 }).then((toBlock) =>
      readRevealedSlots({ client, contract: deployment.crowdlabel, taskId, batchId, fromBlock: BigInt(deployment.startBlock), toBlock }),
    ),
  ]);
  return finaliseVectors(revealed, batchId, batch.roundEnd);
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
