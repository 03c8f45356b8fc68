import { existsSync } from "node:fs";
import { ContractFunctionExecutionError, createPublicClient, erc20Abi, formatUnits, http, isAddress, type Address, type PublicClient } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { crowdlabelAbi, deployments } from "../generated/abis.ts";
import { repoRoot } from "../devchain/repoRoot.ts";
import { localDeploymentPath, readDeploymentFile } from "../deployment/deploymentFile.ts";
import { UsageError, givenAddress } from "./options.ts";

/** What the sdk knows of a deployment on a chain (contracts/deployments/<chainId>.json, generated). */
export type KnownDeployment = { crowdlabel: string; token?: string; startBlock: number };

export type ChainConnection = { client: PublicClient; rpc: string; chainId: number; contract: Address; known: KnownDeployment | undefined };

/** The chain at `--rpc` / RPC_URL and the Crowdlabel contract on it (`--contract` / CROWDLABEL_ADDRESS, else the known deployment). */
export async function connectChain(values: { rpc?: string; contract?: string }, env: Record<string, string | undefined>): Promise<ChainConnection> {
  const rpc = values.rpc ?? env.RPC_URL ?? "http://127.0.0.1:8545";
  const client = createPublicClient({ transport: http(rpc) });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    throw new CrowdlabelError(`Cannot reach the chain at ${rpc}.`, { details: "Start anvil (pnpm dev) or pass --rpc / RPC_URL.", cause: error });
  }
  const explicit = givenAddress({ flag: "contract", variable: "CROWDLABEL_ADDRESS", values, env });
  const known = knownDeployment(chainId, explicit);
  const contract = explicit ?? known?.crowdlabel;
  if (!contract || !isAddress(contract))
    throw new UsageError(`No Crowdlabel address for chain ${chainId}.`, { details: "Pass --contract 0x… (or CROWDLABEL_ADDRESS), or deploy so contracts/deployments/<chainId>.json exists and regenerate the sdk." });
  // A stale address (another chain's, or a local chain restarted without deploying) would otherwise fail later as "task not found".
  const code = await client.getCode({ address: contract });
  if (!code || code === "0x")
    throw new UsageError(`No contract at ${contract} on chain ${chainId} (${rpc}).`, { details: "Check --contract / CROWDLABEL_ADDRESS and --rpc / RPC_URL; locally, start the stack with pnpm dev." });
  // Some other contract (the token's address passed by mistake) would fail at its first read with a stack trace.
  try {
    await client.readContract({ address: contract, abi: crowdlabelAbi, functionName: "taskCount" });
  } catch (error) {
    if (!(error instanceof ContractFunctionExecutionError)) throw error;
    throw new UsageError(`The contract at ${contract} on chain ${chainId} is not Crowdlabel: it does not answer taskCount().`, {
      details: "Check --contract / CROWDLABEL_ADDRESS: the Crowdlabel address, not the token's.",
    });
  }
  return { client, rpc, chainId, contract, known };
}

/**
 * The deployment whose token and start block the commands default to: the generated one for the chain, else the local
 * stack's. With an address given (`--contract` / CROWDLABEL_ADDRESS), only a deployment of that very contract; another
 * deployment's start block would skip the given contract's earlier events, and its token is not the one it pays in.
 * A local deployment file that cannot be read is then skipped, as the address does not come from it.
 */
export function knownDeployment(chainId: number, contract?: string, root: () => string = repoRoot): KnownDeployment | undefined {
  const generated = (deployments as Record<string, KnownDeployment | undefined>)[String(chainId)];
  if (contract === undefined) return generated ?? localDeployment(chainId, root);
  const isGiven = (deployment: KnownDeployment | undefined) => deployment?.crowdlabel.toLowerCase() === contract.toLowerCase();
  if (isGiven(generated)) return generated;
  let local: KnownDeployment | undefined;
  try {
    local = localDeployment(chainId, root);
  } catch {
    return undefined;
  }
  return isGiven(local) ? local : undefined;
}

/**
 * The deployment `pnpm dev` wrote for a local chain (.crowdlabel/deployments/<chainId>.json), so the README's CLI
 * commands work against the local stack with no address to pass. Undefined outside the repository or when there is
 * none; a `DeploymentFileError` naming the file when it is not a deployment, or one of another chain.
 */
export function localDeployment(chainId: number, root: () => string = repoRoot): KnownDeployment | undefined {
  let file: string;
  try {
    file = localDeploymentPath(root(), chainId);
  } catch {
    return undefined;
  }
  if (!existsSync(file)) return undefined;
  const { crowdlabel, token, startBlock } = readDeploymentFile(file, { chainId });
  return { crowdlabel, token, startBlock };
}

/** An ERC-20's decimals and symbol, and its amounts formatted ("12.5 tUSD"); an error naming the address when it is not one. */
export async function readToken(connection: ChainConnection, token: Address): Promise<{ decimals: number; symbol: string; format: (value: bigint) => string }> {
  const read = <const F extends "decimals" | "symbol">(functionName: F) => connection.client.readContract({ address: token, abi: erc20Abi, functionName });
  try {
    const [decimals, symbol] = await Promise.all([read("decimals"), read("symbol")]);
    return { decimals, symbol, format: (value) => `${formatUnits(value, decimals)} ${symbol}` };
  } catch (error) {
    throw new CrowdlabelError(`${token} is not an ERC-20 token on chain ${connection.chainId}.`, { details: "Pass the address of the token that pays rewards (--token).", cause: error });
  }
}

/** Formats amounts of one ERC-20 ("12.5 tUSD"); raw units when the token does not answer (a status still prints). */
export async function tokenFormatter(connection: ChainConnection, token: Address): Promise<(value: bigint) => string> {
  return readToken(connection, token).then(
    (meta) => meta.format,
    () => (value: bigint) => `${value} units of ${token}`,
  );
}
