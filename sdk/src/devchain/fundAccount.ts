import { testTokenAbi } from "../generated/abis.ts";
import type { Devchain } from "./connectDevchain.ts";
import { waitForSuccess } from "./waitForSuccess.ts";

export type FundAccountOptions = {
  /** Default account index. */
  account: number;
  /** Test tokens minted by the faucet. */
  amount: bigint;
  /** What the protocol may then take (budgets, bonds); default `amount`. */
  allowance?: bigint;
};

/** Mints test tokens to a default account (the token's faucet) and approves the protocol to spend them. */
export async function fundAccount(devchain: Devchain, options: FundAccountOptions): Promise<void> {
  const wallet = devchain.wallet(options.account);
  const { token, crowdlabel } = devchain.deployment;
  await waitForSuccess(devchain, wallet.writeContract({ address: token, abi: testTokenAbi, functionName: "faucet", args: [wallet.account.address, options.amount] }));
  await waitForSuccess(devchain, wallet.writeContract({ address: token, abi: testTokenAbi, functionName: "approve", args: [crowdlabel, options.allowance ?? options.amount] }));
}
