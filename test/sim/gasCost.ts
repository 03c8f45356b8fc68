/**
 * Prices the report states. Gas: 0.05 gwei for an L2 (Base-like; L1 data fees not included) and 20 gwei for
 * Ethereum L1; ETH at 3,000 USD. The task token is priced at 1 USD (a stablecoin), 0.01 per agreeing label.
 */
export const GAS_PRICES_GWEI = { l2: 0.05, l1: 20 } as const;
export const ETH_USD = 3000;

export type GasCost = {
  /** USD of gas per resolved item at each gas price. */
  gasUsdPerResolvedItem: { l2: number; l1: number };
  /** Rewards paid per resolved item (USD at 1 tUSD = 1 USD). */
  rewardUsdPerResolvedItem: number;
  /** Gas + rewards per resolved item. */
  totalUsdPerResolvedItem: { l2: number; l1: number };
};

export function gasCost(options: { gas: number; resolvedItems: number; tokensPaid: number }): GasCost {
  const items = Math.max(1, options.resolvedItems);
  const usd = (gwei: number) => (options.gas * gwei * 1e-9 * ETH_USD) / items;
  const reward = options.tokensPaid / items;
  return {
    gasUsdPerResolvedItem: { l2: usd(GAS_PRICES_GWEI.l2), l1: usd(GAS_PRICES_GWEI.l1) },
    rewardUsdPerResolvedItem: reward,
    totalUsdPerResolvedItem: { l2: usd(GAS_PRICES_GWEI.l2) + reward, l1: usd(GAS_PRICES_GWEI.l1) + reward },
  };
}
