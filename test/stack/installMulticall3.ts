import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createPublicClient, createTestClient, createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anvilPrivateKeys } from "@crowdlabel/sdk/devchain";

/** Multicall3's address on every public chain (https://www.multicall3.com). */
export const MULTICALL3: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";

/**
 * Puts Multicall3 at its canonical address on an anvil chain, as public chains (Base, Base Sepolia, ...)
 * have it: viem's definitions of those chains batch reads through it. Deploys the creation code
 * viem ships, then copies the runtime code to the canonical address with anvil_setCode.
 */
/** Multicall3's creation code as viem ships it (viem uses it for deployless multicalls; not a public export). */
async function multicall3Bytecode(): Promise<Hex> {
  const viemDir = dirname(createRequire(import.meta.url).resolve("viem/package.json"));
  const constants = (await import(pathToFileURL(join(viemDir, "_esm", "constants", "contracts.js")).href)) as { multicall3Bytecode?: Hex };
  if (!constants.multicall3Bytecode) throw new Error(`viem ${viemDir} no longer ships multicall3Bytecode in _esm/constants/contracts.js`);
  return constants.multicall3Bytecode;
}

export async function installMulticall3(rpcUrl: string): Promise<void> {
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ transport });
  if (((await publicClient.getCode({ address: MULTICALL3 })) ?? "0x") !== "0x") return;
  const chainId = await publicClient.getChainId();
  const chain = { id: chainId, name: "anvil", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } } as const;
  // The last default account, so deployments by account 0 keep their usual addresses.
  const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(anvilPrivateKeys[9]) });
  const hash = await wallet.sendTransaction({ data: await multicall3Bytecode() });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  const runtime = await publicClient.getCode({ address: receipt.contractAddress! });
  await createTestClient({ chain, transport, mode: "anvil" }).setCode({ address: MULTICALL3, bytecode: runtime! });
}
