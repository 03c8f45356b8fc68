import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  createWalletClient,
  defineChain,
  http,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type PrivateKeyAccount,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CrowdlabelError } from "../errors.ts";
import { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import { messageFor } from "../chain/contractErrorMessages.ts";
import type { ChainConnection } from "./chainConnection.ts";
import { cliErrorFixes } from "./cliErrorFixes.ts";
import { UsageError, type CliIo } from "./options.ts";

/** The protocol's functions with the token's custom errors, so a revert the token bubbles up decodes too. */
export const crowdlabelWithTokenErrors = [...crowdlabelAbi, ...testTokenAbi.filter((item) => item.type === "error")];

/** The account in PRIVATE_KEY: commands that send transactions sign with it (never a flag, so it stays out of shell history). */
export function signerFromEnv(env: CliIo["env"]): PrivateKeyAccount {
  const key = env.PRIVATE_KEY;
  if (!key) throw new UsageError("PRIVATE_KEY is not set.", { details: "Commands that send transactions sign with the key in PRIVATE_KEY (0x followed by 64 hex digits); it is never read from the command line." });
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new UsageError("PRIVATE_KEY is not a private key.", { details: "Set it to 0x followed by 64 hex digits." });
  return privateKeyToAccount(key as Hex);
}

/** The contract revert anywhere in an error's cause chain (viem's, or one `explainRevert` wrapped). */
function revertOf(error: unknown): ContractFunctionRevertedError | undefined {
  for (let cursor = error, depth = 0; cursor instanceof Error && depth < 16; cursor = cursor.cause, depth++) {
    if (cursor instanceof ContractFunctionRevertedError) return cursor;
  }
  return undefined;
}

/** The custom error a call reverted with, if any. */
export const revertName = (error: unknown): string | undefined => revertOf(error)?.data?.errorName;

/** A contract revert as the sdk's plain-words message (`what` would fail: …) with the CLI's fix; anything else unchanged. */
export function explainRevert(error: unknown, what: string): unknown {
  const reverted = revertOf(error);
  const name = reverted?.data?.errorName;
  if (!reverted || !name) return error;
  const message = messageFor(name, reverted.data?.args);
  const fix = (cliErrorFixes as Record<string, string | undefined>)[name] ?? message?.fix;
  return new CrowdlabelError(`${what} would fail: ${message?.title ?? name}`, { details: fix, cause: error });
}

/** The account that signs has too little ETH to pay for a transaction's gas. */
export class NoGasFundsError extends CrowdlabelError {
  override name = "NoGasFundsError";
  constructor({ address, chainId, what, cause }: { address: Address; chainId: number; what: string; cause: unknown }) {
    super(`${address} has too little ETH to pay the gas of ${what} on chain ${chainId}.`, {
      details: `Fund ${address} with ETH for gas on chain ${chainId}, then run the command again: ${what} was not sent.`,
      cause,
    });
  }
}

/** A send that failed for want of ETH for gas as `NoGasFundsError`; anything else unchanged. */
function explainSendFailure(error: unknown, { address, chainId, what }: { address: Address; chainId: number; what: string }): unknown {
  const noFunds = error instanceof BaseError && error.walk((cause) => cause instanceof InsufficientFundsError) !== null;
  return noFunds ? new NoGasFundsError({ address, chainId, what, cause: error }) : error;
}

type Call<A extends Abi, F extends ContractFunctionName<A, "nonpayable" | "payable">> = {
  address: Address;
  abi: A;
  functionName: F;
  args: ContractFunctionArgs<A, "nonpayable" | "payable", F>;
};

/** Sends transactions from one account, each simulated first (a revert is explained before anything is sent). */
export function transactionSender(connection: ChainConnection, account: PrivateKeyAccount, io: CliIo) {
  const { client, chainId, rpc } = connection;
  const wallet = createWalletClient({
    account,
    chain: defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpc] } } }),
    transport: http(rpc),
  });
  /** Simulates the call as the account; throws the explained revert. */
  async function simulate<const A extends Abi, F extends ContractFunctionName<A, "nonpayable" | "payable">>(call: Call<A, F>) {
    try {
      return await client.simulateContract({ account, ...call } as Parameters<typeof client.simulateContract>[0]);
    } catch (error) {
      throw explainRevert(error, call.functionName);
    }
  }
  /** Simulates, sends and waits for the receipt; a transaction that reverts on chain is an error naming its hash. */
  async function send<const A extends Abi, F extends ContractFunctionName<A, "nonpayable" | "payable">>(call: Call<A, F>): Promise<TransactionReceipt> {
    const { request } = await simulate(call);
    const hash = await wallet.writeContract(request as Parameters<typeof wallet.writeContract>[0]).catch((error: unknown) => {
      throw explainSendFailure(error, { address: account.address, chainId, what: call.functionName });
    });
    io.err(`${call.functionName} sent: ${hash}`);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new CrowdlabelError(`${call.functionName} reverted on chain (transaction ${hash}).`);
    return receipt;
  }
  return { simulate, send };
}
