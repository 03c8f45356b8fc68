import type { Address } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { anvilPrivateKeys, deployProtocol, startAnvil, type Deployment, type RunningAnvil } from "@crowdlabel/sdk/devchain";
import { ChainSession } from "./ChainSession.ts";
import { fundAccounts } from "./fundAccounts.ts";

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

/** A simulation chain with the protocol deployed, one transaction per block, and the task owner funded. */
export type SimChain = {
  anvil: RunningAnvil;
  deployment: Deployment;
  session: ChainSession;
  owner: PrivateKeyAccount;
  /** Accounts already funded on this chain. */
  funded: Set<Address>;
  genesisTimestamp: number;
  stop(): Promise<void>;
};

export async function openSimChain(genesisTimestamp = GENESIS_TIMESTAMP): Promise<SimChain> {
  const anvil = await startSimAnvil(genesisTimestamp);
  try {
    const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const session = new ChainSession(anvil.rpcUrl, anvil.chainId);
    await session.mineEachTransaction();
    const owner = privateKeyToAccount(anvilPrivateKeys[0]);
    const funded = new Set<Address>();
    await fundAccounts({ session, deployment, payer: owner, accounts: [owner], funded });
    return { anvil, deployment, session, owner, funded, genesisTimestamp, stop: () => anvil.stop() };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
