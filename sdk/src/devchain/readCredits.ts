import type { Address } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import type { Devchain } from "./connectDevchain.ts";

/** What `account` can withdraw from the protocol in the deployment's test token. */
export async function readCredits(devchain: Devchain, account: Address): Promise<bigint> {
  const { crowdlabel, token } = devchain.deployment;
  return devchain.publicClient.readContract({ address: crowdlabel, abi: crowdlabelAbi, functionName: "credits", args: [token, account] });
}
