import type { PrivateKeyAccount } from "viem/accounts";

/** How an annotator account behaves in the replay. */
export type ClaimerRole = "worker" | "slotActor" | "spammer" | "majorityClass" | "copier" | "nonRevealer";

/** An annotator account of the replay: who it stands for and what it answers. */
export type Claimer = {
  /** The dataset worker id, `slot-actor-<k>`, or the adversary's name. */
  id: string;
  role: ClaimerRole;
  account: PrivateKeyAccount;
  /** Labels given to the items of a batch (manifest indices), one per item. */
  labelsFor: (items: readonly number[]) => number[];
  /** Non-revealers commit and stay silent. */
  reveals: boolean;
  /** Slots asked for per claim request (1..16). */
  slotsPerRequest: number;
};
