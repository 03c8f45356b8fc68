import type { Hex, TransactionReceipt } from "viem";
import { encodeCommitment } from "../commitment/encodeCommitment.ts";
import type { Devchain } from "./connectDevchain.ts";
import { writeCrowdlabel } from "./writeCrowdlabel.ts";

/** A slot with the labels for its batch (packed, one byte per item) and the salt that hides them until the reveal. */
export type LabelledSlot = { taskId: bigint; batchId: number; slot: number; labels: Hex; salt: Hex };

/** Commits the hidden labels of several slots held by `annotator` in one transaction. */
export async function commitLabels(devchain: Devchain, options: { annotator: number; slots: readonly LabelledSlot[] }): Promise<TransactionReceipt> {
  const annotator = devchain.address(options.annotator);
  const { chainId, crowdlabel } = devchain.deployment;
  const commits = options.slots.map((s) => ({
    taskId: s.taskId,
    batchId: s.batchId,
    slot: s.slot,
    commitment: encodeCommitment({ chainId, contract: crowdlabel, taskId: s.taskId, batchId: s.batchId, annotator, labels: s.labels, salt: s.salt }),
  }));
  return writeCrowdlabel(devchain, options.annotator, "commit", [commits]);
}

/** Reveals the labels and salts of several slots `annotator` committed, in one transaction. */
export async function revealLabels(devchain: Devchain, options: { annotator: number; slots: readonly LabelledSlot[] }): Promise<TransactionReceipt> {
  const reveals = options.slots.map((s) => ({ taskId: s.taskId, batchId: s.batchId, slot: s.slot, labels: s.labels, salt: s.salt }));
  return writeCrowdlabel(devchain, options.annotator, "reveal", [reveals]);
}
