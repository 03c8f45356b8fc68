import { encodeAbiParameters, keccak256, bytesToHex, type Address, type Hex } from "viem";

export type CommitmentParameters = {
  chainId: number | bigint;
  /** The Crowdlabel contract address. */
  contract: Address;
  taskId: bigint | number;
  batchId: number;
  annotator: Address;
  /** Packed labels, one byte per item of the batch (see `packLabels`). */
  labels: Hex | Uint8Array;
  salt: Hex;
};

const commitmentAbi = [
  { type: "uint256", name: "chainId" },
  { type: "address", name: "contract" },
  { type: "uint256", name: "taskId" },
  { type: "uint32", name: "batchId" },
  { type: "address", name: "annotator" },
  { type: "bytes", name: "labels" },
  { type: "bytes32", name: "salt" },
] as const;

/**
 * The commitment an annotator submits for a slot:
 * `keccak256(abi.encode(uint256 chainId, address contract, uint256 taskId, uint32 batchId, address annotator, bytes labels, bytes32 salt))`,
 * byte-identical to the contract's `commitmentOf`.
 */
export function encodeCommitment(params: CommitmentParameters): Hex {
  const labels = typeof params.labels === "string" ? params.labels : bytesToHex(params.labels);
  return keccak256(
    encodeAbiParameters(commitmentAbi, [
      BigInt(params.chainId),
      params.contract,
      BigInt(params.taskId),
      params.batchId,
      params.annotator,
      labels,
      params.salt,
    ]),
  );
}
