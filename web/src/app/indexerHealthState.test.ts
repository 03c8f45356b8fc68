import { describe, expect, it } from "vitest";
import type { IndexerHealth } from "@crowdlabel/sdk";
import { indexerHealthState } from "./indexerHealthState.ts";

const healthy: IndexerHealth = { status: "ok", chainId: 31337, latestBlock: 120, indexedBlock: 118, lagBlocks: 2, ipfs: { ok: true }, rpc: { ok: true } };

describe("indexerHealthState", () => {
  it("is up when the indexer says ok on the app's chain", () => {
    expect(indexerHealthState(healthy, 31337)).toEqual({ state: "up", detail: "up to date at block 118" });
  });

  it("names every reason it is degraded", () => {
    const report: IndexerHealth = { ...healthy, status: "degraded", lagBlocks: 40, ipfs: { ok: false, lastError: "connect ECONNREFUSED" } };
    expect(indexerHealthState(report, 31337)).toEqual({
      state: "degraded",
      detail: "cannot reach IPFS, new tasks' manifests wait (connect ECONNREFUSED); 40 blocks behind the chain, catching up",
    });
    expect(indexerHealthState({ ...healthy, status: "degraded", lagBlocks: null, rpc: { ok: false } }, 31337).detail).toBe("cannot reach its RPC; has not indexed a block yet");
  });

  it("flags an indexer of another chain even when it is healthy there", () => {
    expect(indexerHealthState(healthy, 8453)).toEqual({ state: "degraded", detail: "indexes chain 31337, this app uses chain 8453" });
  });
});
