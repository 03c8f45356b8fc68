import { startAnvil, type RunningAnvil } from "@crowdlabel/sdk/devchain";

/** Genesis time of the simulation chain (2027-01-15): fixed so that every block hash, and so every batch assignment, repeats. */
export const GENESIS_TIMESTAMP = 1_800_000_000;

/**
 * The sdk's anvil with a fixed genesis timestamp and one second between blocks: the contract assigns batches
 * from block hashes, so a reproducible replay needs a reproducible chain. Another genesis time gives another
 * (equally reproducible) chain: the replicates of the adaptive-vs-fixed comparison use that.
 */
export function startSimAnvil(genesisTimestamp = GENESIS_TIMESTAMP): Promise<RunningAnvil> {
  return startAnvil({ timestamp: genesisTimestamp, blockTimestampInterval: 1 });
}
