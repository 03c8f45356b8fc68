import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { CrowdlabelError } from "../errors.ts";
import { anvilPrivateKeys } from "./anvilAccounts.ts";
import { repoRoot } from "./repoRoot.ts";
import type { DeploymentFile } from "../deployment/deploymentFile.ts";

/** A deployment the devchain made: its deployment file's fields, with the token it deployed. */
export type Deployment = DeploymentFile & { token: Address };

export type DeployProtocolOptions = {
  rpcUrl: string;
  /** Deployer key; defaults to anvil's first account. */
  privateKey?: Hex;
  /** Enables the test token's faucet (local chains only). Default true. */
  faucet?: boolean;
};

export class ArtifactMissingError extends CrowdlabelError {
  override name = "ArtifactMissingError";
}

function bytecodeOf(contract: "Crowdlabel" | "TestToken", file: string): Hex {
  const path = join(repoRoot(), "contracts", "out", file, `${contract}.json`);
  if (!existsSync(path)) {
    throw new ArtifactMissingError(`No compiled artifact for ${contract}`, {
      details: `${path} is missing; run \`pnpm exec forge build\` at the repository root.`,
    });
  }
  const artifact = JSON.parse(readFileSync(path, "utf8")) as { bytecode: { object: Hex } };
  return artifact.bytecode.object;
}

/**
 * Deploys the protocol and a test token with viem from the Foundry artifacts. Used by tests that need
 * an isolated chain; operators use the forge script (`deployWithForge`).
 */
export async function deployProtocol(options: DeployProtocolOptions): Promise<Deployment> {
  const account = privateKeyToAccount(options.privateKey ?? anvilPrivateKeys[0]);
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ transport });
  const chainId = await publicClient.getChainId();
  const chain = {
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  } as const;
  const wallet = createWalletClient({ account, chain, transport });

  const startBlock = Number(await publicClient.getBlockNumber());
  const crowdlabelTx = await wallet.deployContract({
    abi: crowdlabelAbi,
    bytecode: bytecodeOf("Crowdlabel", "Crowdlabel.sol"),
  });
  const tokenTx = await wallet.deployContract({
    abi: testTokenAbi,
    bytecode: bytecodeOf("TestToken", "TestToken.sol"),
    args: ["Crowdlabel Test USD", "tUSD", options.faucet ?? true],
  });
  const [crowdlabelReceipt, tokenReceipt] = await Promise.all([
    publicClient.waitForTransactionReceipt({ hash: crowdlabelTx }),
    publicClient.waitForTransactionReceipt({ hash: tokenTx }),
  ]);
  if (!crowdlabelReceipt.contractAddress || !tokenReceipt.contractAddress) {
    throw new CrowdlabelError("Deployment produced no contract address", { details: options.rpcUrl });
  }
  return {
    chainId,
    crowdlabel: crowdlabelReceipt.contractAddress,
    token: tokenReceipt.contractAddress,
    startBlock: Math.max(startBlock, 0),
  };
}
