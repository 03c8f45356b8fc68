import type { Hex } from "viem";

/** Signatures behind derived salts, kept in memory only (a reload asks the wallet again). */
const signatures = new Map<string, Hex>();

export function signatureKey(deploymentId: string, taskId: bigint | string, account: string): string {
  return `${deploymentId}|${taskId.toString()}|${account.toLowerCase()}`;
}

export const saltSignatureCache = {
  get: (key: string) => signatures.get(key),
  set: (key: string, signature: Hex) => signatures.set(key, signature),
};
