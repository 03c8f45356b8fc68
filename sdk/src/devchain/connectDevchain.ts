import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  type Address,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { anvilPrivateKeys } from "./anvilAccounts.ts";
import type { Deployment } from "./deployProtocol.ts";

/** A local chain with the protocol deployed, driven with anvil's funded default accounts (by index). */
export type Devchain = {
  rpcUrl: string;
  deployment: Deployment;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** anvil's controls: time travel, mining, snapshots. */
  testClient: TestClient<"anvil", Transport, Chain>;
  /** anvil's default accounts, in mnemonic order. */
  accounts: readonly PrivateKeyAccount[];
  /** A wallet client for default account `index`. */
  wallet(index: number): WalletClient<Transport, Chain, PrivateKeyAccount>;
  address(index: number): Address;
};

export type ConnectDevchainOptions = {
  rpcUrl: string;
  deployment: Deployment;
  /** How often receipts are polled (ms); viem's default otherwise. */
  pollingInterval?: number;
};

/** Clients for a local chain (anvil) where `deployment` is deployed: reads, anvil controls and one wallet per default account. */
export function connectDevchain(options: ConnectDevchainOptions): Devchain {
  const { rpcUrl, deployment } = options;
  const chain = defineChain({
    id: deployment.chainId,
    name: `anvil ${deployment.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl);
  const accounts = anvilPrivateKeys.map((key) => privateKeyToAccount(key));
  const account = (index: number): PrivateKeyAccount => {
    const found = accounts[index];
    if (!found) throw new RangeError(`anvil has ${accounts.length} default accounts here; there is no account #${index}`);
    return found;
  };
  return {
    rpcUrl,
    deployment,
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: options.pollingInterval }),
    testClient: createTestClient({ chain, transport, mode: "anvil" }),
    accounts,
    wallet: (index) => createWalletClient({ chain, transport, account: account(index) }),
    address: (index) => account(index).address,
  };
}
