import type { Address } from "viem";

/** Where a salt is used: one task of one Crowdlabel deployment (a batch is added when deriving). */
export type SaltSigningContext = {
  chainId: number | bigint;
  contract: Address;
  taskId: bigint | number;
};

export const saltSigningTypes = {
  CrowdlabelSaltSeed: [
    { name: "purpose", type: "string" },
    { name: "taskId", type: "uint256" },
  ],
} as const;

export const SALT_SIGNING_PURPOSE =
  "Derive the secret salt of my Crowdlabel labels for this task. Sign only on the Crowdlabel app: whoever holds this signature can check guesses of your labels before you reveal. Signing is free and sends no transaction.";

/**
 * The EIP-712 typed data a wallet signs (`signTypedData`) to derive reveal salts for one task.
 * Pass the signature to `deriveSalt` with the batch id: one signature per task covers all its
 * batches, and signing again on any device gives the same salts (ECDSA signatures from
 * RFC 6979 wallets are deterministic), so a reveal needs no stored secret.
 */
export function saltSigningMessage(context: SaltSigningContext) {
  return {
    domain: {
      name: "Crowdlabel",
      version: "1",
      chainId: Number(context.chainId),
      verifyingContract: context.contract,
    },
    types: saltSigningTypes,
    primaryType: "CrowdlabelSaltSeed",
    message: { purpose: SALT_SIGNING_PURPOSE, taskId: BigInt(context.taskId) },
  } as const;
}
