/**
 * The fields of a task that the chain (getTask + TaskCreated) and the indexer's REST API both give,
 * under the same names. `Int` is how 256-bit values arrive (bigint from the chain, decimal strings in
 * the indexer's JSON) and `Addr` how addresses do (checksummed from the chain, lowercase strings).
 */
export type TaskFields<Int, Addr> = {
  id: Int;
  owner: Addr;
  token: Addr;
  manifestCid: string;
  itemCount: number;
  batchSize: number;
  batchCount: number;
  classCount: number;
  redundancy: number;
  maxRedundancy: number;
  minAgreement: number;
  rewardPerLabel: Int;
  bondPerClaim: Int;
  deadline: number;
  closed: boolean;
  funded: Int;
  paid: Int;
  batchesDone: number;
};
