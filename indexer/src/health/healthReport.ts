import { sql } from "ponder";
import type { IndexerHealth } from "@crowdlabel/sdk";
import type { db as apiDb } from "ponder:api";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { chainHead, pollChainHead, probeIpfs } from "./chainMonitor.ts";
import { healthRegistry } from "./serviceHealth.ts";

/** Blocks the indexer may trail the head before /health says degraded. */
const MAX_LAG_BLOCKS = Number(process.env.HEALTH_MAX_LAG_BLOCKS ?? 16);

/** Block of Ponder's latest checkpoint (chars 26..42 of the checkpoint string are the block number). */
async function indexedBlock(db: typeof apiDb): Promise<number | null> {
  try {
    const result = await db.execute(sql`select latest_checkpoint from _ponder_checkpoint limit 1`);
    const rows = (result as unknown as { rows: { latest_checkpoint: string }[] }).rows;
    const checkpoint = rows[0]?.latest_checkpoint;
    return checkpoint ? Number(checkpoint.slice(26, 42)) : null;
  } catch {
    return null;
  }
}

export async function healthReport(db: typeof apiDb): Promise<IndexerHealth> {
  // Fresh probes, so a request right after an outage ends sees the recovery.
  const [head] = await Promise.all([pollChainHead(), probeIpfs()]);
  const latest = head ?? chainHead();
  const indexed = await indexedBlock(db);
  const registry = healthRegistry();
  const lag = latest && indexed !== null ? Math.max(0, latest.number - indexed) : null;
  const service = (s: { ok: boolean; lastError?: string }) => (s.ok ? { ok: true } : { ok: false, lastError: s.lastError });
  const ok = registry.rpc.ok && registry.ipfs.ok && lag !== null && lag <= MAX_LAG_BLOCKS;
  return {
    status: ok ? "ok" : "degraded",
    chainId: indexerConfig().chainId,
    latestBlock: latest?.number ?? null,
    indexedBlock: indexed,
    lagBlocks: lag,
    ipfs: service(registry.ipfs),
    rpc: service(registry.rpc),
  };
}
