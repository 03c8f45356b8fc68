import type { Chain, ContractFunctionArgs, ContractFunctionName, TransactionReceipt, WriteContractParameters } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { crowdlabelAbi } from "../generated/abis.ts";
import type { Devchain } from "./connectDevchain.ts";
import { waitForSuccess } from "./waitForSuccess.ts";

/** A state-changing Crowdlabel function. */
export type CrowdlabelWrite = ContractFunctionName<typeof crowdlabelAbi, "nonpayable" | "payable">;

/** The arguments of Crowdlabel function `functionName`. */
export type CrowdlabelWriteArgs<functionName extends CrowdlabelWrite> = ContractFunctionArgs<typeof crowdlabelAbi, "nonpayable" | "payable", functionName>;

/** Calls a Crowdlabel function from default account `account` and waits for it to succeed. */
export async function writeCrowdlabel<functionName extends CrowdlabelWrite>(
  devchain: Devchain,
  account: number,
  functionName: functionName,
  args: CrowdlabelWriteArgs<functionName>,
): Promise<TransactionReceipt> {
  // viem cannot narrow `args` through a generic function name; the signature above checks callers instead.
  const request = { address: devchain.deployment.crowdlabel, abi: crowdlabelAbi, functionName, args } as WriteContractParameters<
    typeof crowdlabelAbi,
    functionName,
    CrowdlabelWriteArgs<functionName>,
    Chain,
    PrivateKeyAccount
  >;
  return waitForSuccess(devchain, devchain.wallet(account).writeContract(request));
}
