import {
  createWalletClient,
  getAddress,
  hexToBigInt,
  http,
  numberToHex,
  SwitchChainError,
  UserRejectedRequestError,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
  type TypedDataDefinition,
} from "viem";
import { createConnector } from "wagmi";
import { localAccount } from "./localAccounts.ts";
import { useLocalWalletStore } from "./useLocalWalletStore.ts";

export const LOCAL_WALLET_ID = "crowdlabelLocal";

type RpcTx = { from?: Hex; to?: Hex; data?: Hex; value?: Hex; gas?: Hex; nonce?: Hex };
type RpcArgs = { method: string; params?: unknown };

type LocalProvider = {
  request: EIP1193RequestFn;
  on: () => void;
  removeListener: () => void;
};

/** Signs locally with an anvil account and forwards every read to the chain's RPC. */
function createLocalProvider(chain: Chain, accountIndex: () => number): LocalProvider {
  const url = chain.rpcUrls.default.http[0];
  const transport = http(url);
  let id = 0;

  async function forward(method: string, params: unknown): Promise<unknown> {
    const res = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  }

  const request = async ({ method, params }: RpcArgs): Promise<unknown> => {
    const account = localAccount(accountIndex());
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return [account.address];
      case "eth_chainId":
        return numberToHex(chain.id);
      case "wallet_switchEthereumChain": {
        const [{ chainId }] = params as [{ chainId: Hex }];
        if (Number(chainId) !== chain.id) throw new SwitchChainError(new Error("The local wallet only knows the local chain."));
        return null;
      }
      case "eth_sendTransaction": {
        const [tx] = params as [RpcTx];
        const wallet = createWalletClient({ account, chain, transport });
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? hexToBigInt(tx.value) : undefined,
          gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
        });
      }
      case "personal_sign": {
        const [message] = params as [Hex, Hex];
        return account.signMessage({ message: { raw: message } });
      }
      case "eth_signTypedData_v4": {
        const [, json] = params as [Hex, string];
        const typed = JSON.parse(json) as TypedDataDefinition & { types: Record<string, unknown> };
        const { EIP712Domain: _domain, ...types } = typed.types;
        return account.signTypedData({ ...typed, types } as TypedDataDefinition);
      }
      default:
        return forward(method, params);
    }
  };
  return { request: request as EIP1193RequestFn, on: () => undefined, removeListener: () => undefined };
}

/**
 * A wagmi connector for the local chain only: anvil's public test accounts, no extension needed.
 * The account is picked in the app (useLocalWalletStore) and can be switched while connected.
 */
export function localWallet() {
  return createConnector<LocalProvider>((config) => {
    const chain = config.chains[0];
    const index = () => useLocalWalletStore.getState().accountIndex;
    const provider = createLocalProvider(chain, index);
    let unsubscribe: (() => void) | undefined;
    const address = () => getAddress(localAccount(index()).address);

    return {
      id: LOCAL_WALLET_ID,
      name: "Local test wallet",
      type: "localWallet",
      async setup() {
        unsubscribe?.();
        unsubscribe = useLocalWalletStore.subscribe((state, previous) => {
          if (state.accountIndex !== previous.accountIndex && state.connected)
            config.emitter.emit("change", { accounts: [getAddress(localAccount(state.accountIndex).address)] });
        });
      },
      async connect(parameters) {
        if (parameters?.chainId !== undefined && parameters.chainId !== chain.id)
          throw new UserRejectedRequestError(new Error("The local wallet only works on the local chain."));
        useLocalWalletStore.getState().setConnected(true);
        const accounts = [address()];
        // Capabilities are not supported; wagmi asks for plain addresses by default.
        return { accounts, chainId: chain.id } as never;
      },
      async disconnect() {
        useLocalWalletStore.getState().setConnected(false);
      },
      async getAccounts() {
        return [address()];
      },
      async getChainId() {
        return chain.id;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return useLocalWalletStore.getState().connected;
      },
      async switchChain({ chainId }) {
        if (chainId !== chain.id) throw new SwitchChainError(new Error("The local wallet only knows the local chain."));
        return chain;
      },
      onAccountsChanged(accounts) {
        config.emitter.emit("change", { accounts: accounts.map((a) => getAddress(a)) });
      },
      onChainChanged(chainId) {
        config.emitter.emit("change", { chainId: Number(chainId) });
      },
      onDisconnect() {
        config.emitter.emit("disconnect");
      },
    };
  });
}
