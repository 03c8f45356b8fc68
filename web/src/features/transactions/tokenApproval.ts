import { erc20Abi, type Address, type Hex, type PublicClient } from "viem";
import type { TxExplanation } from "./useTxConfirmStore.ts";
import type { RunTxOptions } from "./useTxRunner.ts";

/** The reset's explanation, before the approval that follows it. */
export function allowanceResetExplanation(symbol: string, step: string): TxExplanation {
  return {
    title: `Reset your ${symbol} allowance to 0`,
    step,
    summary: `Your allowance for Crowdlabel is below what the next step needs. Some tokens (USDT among them) refuse to change one non-zero allowance to another, so this sets it to 0 first; the next step approves the amount.`,
    facts: [{ label: "New allowance", value: `0 ${symbol}` }],
  };
}

type ApproveRequest = { chainId: number; address: Address; abi: typeof erc20Abi; functionName: "approve"; args: readonly [Address, bigint] };

/** An ERC-20 `approve(spender, amount)` for the tx runner: dry-run first, then sent through the wallet. */
export function approveTx(options: {
  client: PublicClient;
  write: (request: ApproveRequest) => Promise<Hex>;
  chainId: number;
  account: Address;
  token: Address;
  spender: Address;
  amount: bigint;
}): Pick<RunTxOptions, "simulate" | "send"> {
  const { client, write, chainId, account, token, spender, amount } = options;
  return {
    simulate: () => client.simulateContract({ account, address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
    send: () => write({ chainId, address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount] }),
  };
}
