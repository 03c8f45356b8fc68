import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployProtocol, freePort, startAnvil, type Deployment, type RunningAnvil } from "@crowdlabel/sdk/devchain";
import { startIpfsNode, type RunningIpfsNode } from "@crowdlabel/ipfs";

export type Stack = {
  anvil: RunningAnvil;
  deployment: Deployment;
  ipfs: RunningIpfsNode;
  ipfsDataDir: string;
  gatewayPort: number;
  apiPort: number;
  /** Stops the IPFS node (for outage tests). */
  stopIpfs(): Promise<void>;
  /** Starts it again on the same ports and data. */
  startIpfs(): Promise<void>;
  stop(): Promise<void>;
};

const quiet = { info: () => {}, warn: () => {} };

/** anvil with the protocol deployed, and the embedded IPFS node, on free ports. */
export async function startStack(): Promise<Stack> {
  const anvil = await startAnvil();
  const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
  const ipfsDataDir = await mkdtemp(join(tmpdir(), "crowdlabel-indexer-ipfs-"));
  const gatewayPort = await freePort();
  const apiPort = await freePort();
  const stack: Stack = {
    anvil,
    deployment,
    ipfs: await startIpfsNode({ apiPort, gatewayPort, dataDir: ipfsDataDir, log: quiet }),
    ipfsDataDir,
    gatewayPort,
    apiPort,
    stopIpfs: async () => {
      await stack.ipfs.close();
    },
    startIpfs: async () => {
      stack.ipfs = await startIpfsNode({ apiPort, gatewayPort, dataDir: ipfsDataDir, log: quiet });
    },
    stop: async () => {
      await stack.ipfs.close().catch(() => undefined);
      await anvil.stop();
      await rm(ipfsDataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Adds bytes to the IPFS node through its Kubo RPC (`/api/v0/add`, CIDv0 like Kubo's default). */
export async function ipfsAdd(apiUrl: string, bytes: Uint8Array | string, name = "file"): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([typeof bytes === "string" ? new TextEncoder().encode(bytes) : new Uint8Array(bytes)]), name);
  const response = await fetch(`${apiUrl}/api/v0/add?pin=true`, { method: "POST", body: form });
  if (!response.ok) throw new Error(`ipfs add failed: ${response.status} ${await response.text()}`);
  const lines = (await response.text()).trim().split("\n");
  return (JSON.parse(lines.at(-1)!) as { Hash: string }).Hash;
}
