import type { Address, Hex } from "viem";

/** EIP-2612's Permit struct. */
export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** A token's EIP-712 domain as its `eip712Domain()` (ERC-5267) returns it. */
export type Eip712DomainFields = readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]];

/** The typed data an owner signs so `spender` may take `value` of the token until `deadline` (EIP-2612). */
export function permitTypedData(domain: Eip712DomainFields, message: { owner: Address; spender: Address; value: bigint; nonce: bigint; deadline: bigint }) {
  return {
    domain: { name: domain[1], version: domain[2], chainId: Number(domain[3]), verifyingContract: domain[4] },
    types: permitTypes,
    primaryType: "Permit" as const,
    message,
  };
}
