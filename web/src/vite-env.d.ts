/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_CHAIN_ID?: string;
  readonly VITE_RPC_URL?: string;
  readonly VITE_INDEXER_URL?: string;
  readonly VITE_IPFS_API_URL?: string;
  readonly VITE_IPFS_GATEWAY_URL?: string;
  readonly VITE_CROWDLABEL_ADDRESS?: string;
  readonly VITE_TOKEN_ADDRESS?: string;
  readonly VITE_START_BLOCK?: string;
  readonly VITE_DEPLOYMENT_ID?: string;
  readonly VITE_WALLETCONNECT_PROJECT_ID?: string;
  readonly VITE_LOCAL_WALLET?: string;
  readonly VITE_CONFIG_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
