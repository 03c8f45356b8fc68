import type { Address, Hex } from "viem";
import type { TaskManifest } from "../manifest/taskManifestSchema.ts";

/**
 * Everything an export is made of, in plain data, so that the indexer (from its database) and the
 * CLI (from chain logs via viem + IPFS) can both feed the exporters and `verifyExport`.
 */
export type DatasetSource = {
  manifest: TaskManifest;
  manifestCid: string;
  task: DatasetTask;
  /** Batches in any order; batches never finalised may be omitted or have no finalisations. */
  batches: DatasetBatch[];
  /** The gold answers the owner revealed (`GoldRevealed`): manifest indices and their classes; absent before. */
  gold?: DatasetGold;
};

export type DatasetGold = { items: number[]; labels: number[] };

export type DatasetTask = {
  id: bigint;
  chainId: number;
  /** The Crowdlabel contract. */
  contract: Address;
  token: Address;
  owner: Address;
  itemCount: number;
  batchSize: number;
  /** Named classes; label value `classCount` is "cannot label". */
  classCount: number;
  redundancy: number;
  maxRedundancy: number;
  minAgreement: number;
  createdTx?: Hex;
  createdBlock?: bigint;
};

export type DatasetSlot = {
  annotator: Address;
  /** Slot index within the batch, across rounds (round 0 holds [0, R)). */
  slot: number;
  round: number;
  /** Revealed labels (one byte per item of the batch), null when the slot did not reveal. */
  labels: Hex | null;
  revealTx: Hex | null;
  revealBlock?: bigint | null;
};

export type DatasetFinalisation = {
  round: number;
  /** `BatchFinalised.newlyResolvedMask`: items resolved by this finalisation. */
  newlyResolvedMask: bigint;
  tx: Hex;
  block: bigint;
};

export type DatasetBatch = {
  batchId: number;
  /** Rounds opened so far (1 + extra rounds). */
  rounds: number;
  slots: DatasetSlot[];
  /** Cumulative consensus, one byte per item of the batch (meaningful where `resolvedMask` has the bit). */
  consensus: Hex;
  /** Bit i set when item i of the batch has consensus. */
  resolvedMask: bigint;
  /** Every finalisation of the batch, in order (one per round). */
  finalisations: DatasetFinalisation[];
};
