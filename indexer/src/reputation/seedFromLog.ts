import { hexToBigInt, keccak256, encodePacked, type Hex } from "viem";

/**
 * A 32-bit seed for the peer-prediction pairing, derived from chain data only (the finalising
 * transaction and log index), so re-indexing the same chain draws the same pairs.
 */
export function seedFromLog(txHash: Hex, logIndex: number): number {
  const hash = keccak256(encodePacked(["bytes32", "uint32"], [txHash, logIndex]));
  return Number(hexToBigInt(hash) & 0xffffffffn);
}
