import { encodeAbiParameters, keccak256, type Hex } from "viem";
import type { SaltSigningContext } from "./saltSigningMessage.ts";

export type SaltContext = SaltSigningContext & { batchId: number };

/**
 * Deterministic salt of one batch from the wallet's signature of `saltSigningMessage(context)`:
 * `keccak256(abi.encode(bytes signature, uint256 chainId, address contract, uint256 taskId, uint32 batchId))`.
 */
export function deriveSalt(signature: Hex, context: SaltContext): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "uint32" }],
      [signature, BigInt(context.chainId), context.contract, BigInt(context.taskId), context.batchId],
    ),
  );
}
