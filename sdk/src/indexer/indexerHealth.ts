/**
 * The indexer's `GET /health` report: 200 when `status` is "ok", 503 when "degraded" (RPC or IPFS unreachable, or
 * more than `HEALTH_MAX_LAG_BLOCKS` behind the chain head). The indexer builds it; the app and the test stack read it.
 */
export type IndexerHealth = {
  status: "ok" | "degraded";
  chainId: number;
  latestBlock: number | null;
  indexedBlock: number | null;
  /** Blocks the indexer trails the chain head; null before its first checkpoint or while the head is unknown. */
  lagBlocks: number | null;
  ipfs: { ok: boolean; lastError?: string };
  rpc: { ok: boolean; lastError?: string };
};
