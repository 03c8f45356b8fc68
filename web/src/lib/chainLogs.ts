import type { PublicClient } from "viem";
import { scanBlockRanges } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";

/**
 * An event query over every block from `fromBlock` (default: the deployment's start block) to the head, in windows
 * the RPC accepts: on a real chain the deployment is soon more blocks old than one getLogs request may span.
 */
export async function logsSince<T>(client: PublicClient, get: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const toBlock = await client.getBlockNumber({ cacheTime: 0 });
  return scanBlockRanges(get, { fromBlock, toBlock });
}
