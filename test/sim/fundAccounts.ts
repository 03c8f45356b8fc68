import { encodeFunctionData, maxUint256, parseEther, type Address } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { testTokenAbi } from "@crowdlabel/sdk";
import type { Deployment } from "@crowdlabel/sdk/devchain";
import type { ChainSession } from "./ChainSession.ts";

const ETH_BALANCE = `0x${parseEther("1000000").toString(16)}`;
/** tUSD each account receives from the test token's faucet (bonds for annotators, budgets for the owner). */
const TOKENS = parseEther("100000");

/**
 * Gives accounts gas money (anvil_setBalance), test tokens (the token's faucet) and an unlimited allowance
 * for the protocol. Funded accounts are remembered, so calling it again for the same account is free.
 */
export async function fundAccounts(options: { session: ChainSession; deployment: Deployment; payer: PrivateKeyAccount; accounts: readonly PrivateKeyAccount[]; funded: Set<Address> }) {
  const { session, deployment, payer } = options;
  const fresh = options.accounts.filter((a) => !options.funded.has(a.address));
  if (fresh.length === 0) return;
  await session.rpc.batch(fresh.map((a) => ({ method: "anvil_setBalance", params: [a.address, ETH_BALANCE] })));
  const tokenCall = (account: PrivateKeyAccount, data: ReturnType<typeof encodeFunctionData>) =>
    session.queue({ account, to: deployment.token, data, tag: "setup", phase: "setup" });
  for (const a of fresh) {
    await tokenCall(payer, encodeFunctionData({ abi: testTokenAbi, functionName: "faucet", args: [a.address, TOKENS] }));
    await tokenCall(a, encodeFunctionData({ abi: testTokenAbi, functionName: "approve", args: [deployment.crowdlabel, maxUint256] }));
  }
  await session.flush();
  for (const a of fresh) options.funded.add(a.address);
}
