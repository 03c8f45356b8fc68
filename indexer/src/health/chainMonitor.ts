import { createPublicClient, http, type PublicClient } from "viem";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { reportError, reportOk } from "./serviceHealth.ts";

export type ChainHead = { number: number; timestamp: number; observedAt: number };

type MonitorState = { head: ChainHead | null; started: boolean; client: PublicClient | null };
const key = Symbol.for("crowdlabel.indexer.chainMonitor");
const store = globalThis as unknown as Record<symbol, MonitorState | undefined>;
const state = (): MonitorState => (store[key] ??= { head: null, started: false, client: null });

/** The empty identity-hash CID: a gateway answers it without storage, so it probes reachability only. */
const PROBE_CID = "bafkqaaa";

function client(): PublicClient {
  const s = state();
  s.client ??= createPublicClient({ transport: http(indexerConfig().rpcUrl, { timeout: 3_000, retryCount: 0 }) });
  return s.client;
}

export async function pollChainHead(): Promise<ChainHead | null> {
  try {
    const block = await client().getBlock({ blockTag: "latest" });
    const head = { number: Number(block.number), timestamp: Number(block.timestamp), observedAt: Date.now() };
    state().head = head;
    reportOk("rpc");
    return head;
  } catch (error) {
    reportError("rpc", error);
    return null;
  }
}

export async function probeIpfs(): Promise<boolean> {
  try {
    // Any HTTP answer means the gateway is up; content errors are reported by the fetches themselves.
    const response = await fetch(`${indexerConfig().ipfs.gatewayUrl}/ipfs/${PROBE_CID}`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    if (response.status >= 500) throw new Error(`IPFS gateway answered ${response.status}`);
    reportOk("ipfs");
    return true;
  } catch (error) {
    reportError("ipfs", error);
    return false;
  }
}

/** Latest chain head seen (polled in the background). */
export function chainHead(): ChainHead | null {
  return state().head;
}

/** Chain time now: the latest block's timestamp advanced by the wall-clock time since it was seen. */
export function chainNow(): number {
  const head = state().head;
  if (!head) return Math.floor(Date.now() / 1000);
  return head.timestamp + Math.floor((Date.now() - head.observedAt) / 1000);
}

/**
 * Polls the RPC and the IPFS gateway in the background. A failing service is polled with
 * exponential backoff (1 s doubling to 10 s) and reported on /health until it answers again.
 */
export function startChainMonitor(): void {
  const s = state();
  if (s.started) return;
  s.started = true;
  const loop = (probe: () => Promise<unknown>, okDelay: number) => {
    let delay = okDelay;
    const run = async () => {
      const ok = Boolean(await probe());
      delay = ok ? okDelay : Math.min(10_000, delay * 2);
      setTimeout(run, delay).unref();
    };
    void run();
  };
  loop(pollChainHead, 1_000);
  loop(probeIpfs, 2_000);
}
