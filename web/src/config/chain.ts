import { defineChain, type Chain } from "viem";
import { base, baseSepolia, foundry, mainnet, sepolia } from "viem/chains";
import type { AppConfig } from "./appConfig.ts";

const known: Chain[] = [foundry, baseSepolia, base, sepolia, mainnet];

/** The chain the deployment lives on, with the configured RPC URL first. */
export function appChain(config: AppConfig): Chain {
  const template = known.find((c) => c.id === config.chainId);
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  if (template) return { ...template, rpcUrls };
  return defineChain({
    id: config.chainId,
    name: `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls,
  });
}

export function isLocalChain(chainId: number): boolean {
  return chainId === 31337 || chainId === 1337;
}
