import { keccak256, stringToHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

/**
 * Deterministic private key of a simulated annotator: keccak256("crowdlabel-sim:<dataset>:<who>").
 * The same worker of a dataset gets the same address in every run (and across that dataset's tasks).
 */
export function simPrivateKey(dataset: string, who: string): Hex {
  return keccak256(stringToHex(`crowdlabel-sim:${dataset}:${who}`));
}

export function simAccount(dataset: string, who: string): PrivateKeyAccount {
  return privateKeyToAccount(simPrivateKey(dataset, who));
}
