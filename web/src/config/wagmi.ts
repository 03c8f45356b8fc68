import { connectorsForWallets, type WalletList } from "@rainbow-me/rainbowkit";
import { injectedWallet, rainbowWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import { createConfig, fallback, http, type Config } from "wagmi";
import type { AppConfig } from "./appConfig.ts";
import { appChain } from "./chain.ts";
import { localWalletRainbowKit } from "../features/wallet/localWalletRainbowKit.ts";

/**
 * Wallets: the local test wallet on local chains, any injected (EIP-1193 / EIP-6963) wallet, and
 * WalletConnect-based wallets only when a project id is configured (no relay is reachable otherwise).
 * Extension wallets such as MetaMask appear through EIP-6963 discovery, so their SDKs are not bundled.
 */
export function createWagmiConfig(config: AppConfig): Config {
  const chain = appChain(config);
  const groups: WalletList = [];
  if (config.localWallet) groups.push({ groupName: "Local chain (no extension needed)", wallets: [localWalletRainbowKit] });
  const browser: WalletList[number]["wallets"] = [injectedWallet];
  if (config.walletConnectProjectId) browser.push(rainbowWallet, walletConnectWallet);
  groups.push({ groupName: "Your wallet", wallets: browser });

  const connectors = connectorsForWallets(groups, {
    appName: "Crowdlabel",
    appDescription: "Crowdsourced image labeling on chain",
    // connectorsForWallets requires a string; no WalletConnect wallet is listed without a real id.
    projectId: config.walletConnectProjectId ?? "walletconnect-not-configured",
  });

  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: fallback([http(config.rpcUrl, { retryCount: 1, timeout: 10_000 })]) },
    pollingInterval: config.localWallet ? 1_000 : 4_000,
    ssr: false,
  });
}
