import {
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  UserRejectedRequestError,
  decodeErrorResult,
  type Hex,
} from "viem";
import { crowdlabelAbi, messageFor, testTokenAbi } from "@crowdlabel/sdk";

export type DecodedTxError = {
  kind: "rejected" | "contract" | "wrong-network" | "rpc-down" | "funds" | "unknown";
  /** The custom error's name when the contract reverted with one. */
  errorName?: string;
  title: string;
  fix: string;
  /** Technical detail for the curious (and bug reports). */
  detail?: string;
};

const errorAbi = [...crowdlabelAbi, ...testTokenAbi].filter((x) => x.type === "error");

function fromRevertData(data: Hex): DecodedTxError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data });
    return contractError(decoded.errorName, decoded.args);
  } catch {
    return undefined;
  }
}

function contractError(name: string, args: readonly unknown[] | undefined): DecodedTxError {
  const msg = messageFor(name, args);
  return {
    kind: "contract",
    errorName: name,
    title: msg?.title ?? `The contract refused: ${name}.`,
    fix: msg?.fix ?? "Refresh and try again; if it persists, report it with the error name.",
  };
}

function findRevertData(error: unknown): Hex | undefined {
  let cursor: unknown = error;
  for (let depth = 0; cursor && depth < 8; depth++) {
    const data = (cursor as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-f]{8}/i.test(data)) return data as Hex;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") return (data as { data: Hex }).data;
    cursor = (cursor as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The wallet is connected to another chain than the app's deployment. */
export function wrongNetworkError(walletChainId: number, appChainId: number): DecodedTxError {
  return {
    kind: "wrong-network",
    title: `Your wallet is on chain ${walletChainId}; Crowdlabel runs on chain ${appChainId}.`,
    fix: "Nothing was sent. Press Switch network at the top of the page (or switch in your wallet), then try again.",
  };
}

/** The wallet replaced a pending transaction with a cancel or with another call at the same nonce. */
export function replacedError(reason: "cancelled" | "replaced"): DecodedTxError {
  return reason === "cancelled"
    ? { kind: "rejected", title: "The transaction was cancelled in your wallet.", fix: "Nothing changed on chain. Try again when you are ready." }
    : {
        kind: "unknown",
        title: "Your wallet replaced this transaction with a different one.",
        fix: "Nothing from this step was recorded on chain. Refresh and try again.",
      };
}

/**
 * The transaction was mined and reverted, and replaying it now succeeds, so there is no reason to decode: the task's
 * state changed between the dry run and the block (another transaction came first).
 */
export function revertedOnChainError(hash: Hex): DecodedTxError {
  return {
    kind: "contract",
    title: "The transaction was reverted on chain.",
    fix: "Something changed between the check and the block, usually another transaction that came first. It cost gas but moved no tokens. Refresh and try again.",
    detail: `Reverted in transaction ${hash}.`,
  };
}

/**
 * Turns anything a wallet, viem or the RPC throws into a message a person can act on:
 * the decoded custom error with a plain-language fix, or what went wrong with the connection.
 */
export function decodeTxError(error: unknown): DecodedTxError {
  const detail = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data?.errorName) return { ...contractError(reverted.data.errorName, reverted.data.args), detail };
      if (reverted.raw) {
        const decoded = fromRevertData(reverted.raw);
        if (decoded) return { ...decoded, detail };
      }
    }
    if (error.walk((e) => e instanceof UserRejectedRequestError))
      return { kind: "rejected", title: "You rejected the request in your wallet.", fix: "Nothing was sent. Try again when you are ready.", detail };
    if (error.walk((e) => e instanceof ChainMismatchError))
      return { kind: "wrong-network", title: "Your wallet is on another network.", fix: "Switch to the app's network and try again.", detail };
    if (error.walk((e) => e instanceof InsufficientFundsError))
      return { kind: "funds", title: "Not enough ETH to pay for gas.", fix: "Add ETH for gas to this account.", detail };
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError))
      return {
        kind: "rpc-down",
        title: "The blockchain node (RPC) is not answering.",
        fix: "Check your connection and retry; the Chain dot at the foot of the page turns green when the node answers again. Your work is saved.",
        detail,
      };
  }
  const data = findRevertData(error);
  if (data) {
    const decoded = fromRevertData(data);
    if (decoded) return { ...decoded, detail };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 4001 || /user rejected|user denied|rejected the request/i.test(detail))
    return { kind: "rejected", title: "You rejected the request in your wallet.", fix: "Nothing was sent. Try again when you are ready.", detail };
  if (/failed to fetch|network ?error|ECONNREFUSED|fetch failed/i.test(detail))
    return {
      kind: "rpc-down",
      title: "The blockchain node (RPC) is not answering.",
      fix: "Check your connection and retry; the Chain dot at the foot of the page turns green when the node answers again. Your work is saved.",
      detail,
    };
  return { kind: "unknown", title: "The transaction failed.", fix: "Try again; if it keeps failing, the detail below helps a bug report.", detail };
}
