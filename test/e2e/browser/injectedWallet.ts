import { readFileSync } from "node:fs";
import type { BrowserContext } from "playwright-core";
import { getAddress, numberToHex, type Address } from "viem";

const pageScript = readFileSync(new URL("./walletProvider.page.js", import.meta.url), "utf8");

/** EIP-1193 error codes a wallet answers with. */
const USER_REJECTED = 4001;
const UNRECOGNISED_CHAIN = 4902;

type RpcError = { code: number; message: string; data?: unknown };
type Reply = { result?: unknown; error?: RpcError };

/** Methods that make a wallet ask its user; `rejectNext` answers the next one with 4001. */
const SIGNING_METHODS = new Set(["eth_sendTransaction", "eth_signTypedData_v4", "eth_signTypedData", "personal_sign", "eth_sign"]);

export type InjectedWallet = {
  readonly address: Address;
  /** The chain id the wallet reports (start on a wrong one to test the network guard). */
  readonly chainId: number;
  /** Every method the page called, in order. */
  readonly calls: string[];
  /** The next signature or transaction request is rejected as if the user clicked "Reject" (code 4001). */
  rejectNext(): void;
  /** Changes the wallet's chain and emits `chainChanged`, as a user switching in the extension would. */
  setChain(chainId: number): Promise<void>;
  /** Changes the account and emits `accountsChanged`. */
  setAccount(address: Address): Promise<void>;
};

export type InstallWalletOptions = {
  /** The chain the wallet really sends to (anvil, whose default accounts are unlocked). */
  rpcUrl: string;
  address: Address;
  /** What eth_chainId answers at first; default: the RPC's own chain id. */
  chainId: number;
  /** Chain ids wallet_switchEthereumChain accepts (default: only the RPC's chain). */
  knownChains?: number[];
};

/**
 * Injects an EIP-1193 wallet (`window.ethereum`) into every page of `context` before the page
 * loads, so the app's real injected-wallet path (RainbowKit "Browser Wallet" -> wagmi injected
 * connector) is used. Requests are answered in Node: account and chain methods here, everything
 * else forwarded to anvil, which signs and sends for its unlocked default accounts.
 */
export async function installWallet(context: BrowserContext, options: InstallWalletOptions): Promise<InjectedWallet> {
  let address = getAddress(options.address);
  let chainId = options.chainId;
  let rejectNext = false;
  let connected = false;
  let rpcId = 0;
  const calls: string[] = [];
  const rpcChainId = Number(await forward(options.rpcUrl, "eth_chainId", [], ++rpcId));
  const knownChains = new Set(options.knownChains ?? [rpcChainId]);

  const emit = async (event: string, payload: unknown) => {
    await Promise.all(
      context.pages().map((page) =>
        page
          .evaluate(([e, p]) => (window as unknown as { __crowdlabelWalletEmit?: (e: string, p: unknown) => void }).__crowdlabelWalletEmit?.(e, p), [event, payload] as const)
          .catch(() => undefined),
      ),
    );
  };

  const handle = async (method: string, params: unknown[]): Promise<Reply> => {
    calls.push(method);
    if (SIGNING_METHODS.has(method) && rejectNext) {
      rejectNext = false;
      return { error: { code: USER_REJECTED, message: "User rejected the request." } };
    }
    switch (method) {
      case "eth_requestAccounts":
        connected = true;
        return { result: [address] };
      case "eth_accounts":
        return { result: connected ? [address] : [] };
      case "eth_chainId":
        return { result: numberToHex(chainId) };
      case "net_version":
        return { result: String(chainId) };
      case "wallet_requestPermissions":
        connected = true;
        return { result: [{ parentCapability: "eth_accounts" }] };
      case "wallet_getPermissions":
        return { result: connected ? [{ parentCapability: "eth_accounts" }] : [] };
      case "wallet_revokePermissions":
        connected = false;
        return { result: null };
      case "wallet_switchEthereumChain": {
        const target = Number((params[0] as { chainId: string }).chainId);
        if (!knownChains.has(target)) return { error: { code: UNRECOGNISED_CHAIN, message: `Unrecognized chain ID ${target}.` } };
        if (target !== chainId) {
          chainId = target;
          await emit("chainChanged", numberToHex(chainId));
        }
        return { result: null };
      }
      case "wallet_addEthereumChain":
        knownChains.add(Number((params[0] as { chainId: string }).chainId));
        return { result: null };
      case "wallet_watchAsset":
        return { result: true };
    }
    // A wallet on another chain would send there: refuse rather than hit anvil with the wrong chain.
    if (SIGNING_METHODS.has(method) && chainId !== rpcChainId)
      return { error: { code: 4901, message: `The wallet is connected to chain ${chainId}, not ${rpcChainId}.` } };
    try {
      return { result: await forward(options.rpcUrl, method, params, ++rpcId) };
    } catch (error) {
      const e = error as RpcError;
      return { error: { code: typeof e.code === "number" ? e.code : -32603, message: e.message, data: e.data } };
    }
  };

  await context.exposeBinding("__crowdlabelWallet", async (_source, request: string) => {
    const { method, params } = JSON.parse(request) as { method: string; params: unknown[] };
    return JSON.stringify(await handle(method, Array.isArray(params) ? params : [params]));
  });
  await context.addInitScript({ content: pageScript });

  return {
    get address() {
      return address;
    },
    get chainId() {
      return chainId;
    },
    calls,
    rejectNext: () => {
      rejectNext = true;
    },
    setChain: async (id) => {
      knownChains.add(id);
      chainId = id;
      await emit("chainChanged", numberToHex(id));
    },
    setAccount: async (next) => {
      address = getAddress(next);
      await emit("accountsChanged", [address]);
    },
  };
}

async function forward(rpcUrl: string, method: string, params: unknown[], id: number): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: RpcError };
  if (body.error) throw Object.assign(new Error(body.error.message), body.error);
  return body.result;
}
