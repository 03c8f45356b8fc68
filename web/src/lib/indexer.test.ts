// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTestConfig } from "../test/testConfig.ts";
import type { IndexerHealth } from "@crowdlabel/sdk";
import { indexer, IndexerError } from "./indexer.ts";

// The health read against a stubbed indexer: a degraded one answers 503 with its report, which is not an outage.
const report: IndexerHealth = { status: "degraded", chainId: 31337, latestBlock: 90, indexedBlock: 50, lagBlocks: 40, ipfs: { ok: true }, rpc: { ok: true } };

beforeEach(() => {
  setTestConfig({ indexerUrl: "http://indexer.test" });
});
afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown) => vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status })));

describe("indexer.health", () => {
  it("returns a degraded indexer's report (503) instead of calling it down", async () => {
    answer(503, report);
    expect(await indexer.health()).toEqual(report);
  });

  it("throws for any other failure, and says which indexer is silent", async () => {
    answer(500, { error: "boom" });
    await expect(indexer.health()).rejects.toThrow(new IndexerError("Indexer answered 500 for /health", 500));
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("fetch failed"))));
    await expect(indexer.health()).rejects.toThrow("The indexer at http://indexer.test is not answering (fetch failed).");
  });

  it("keeps other reads strict: a 503 there is an error", async () => {
    answer(503, { error: { code: "x", message: "y" } });
    await expect(indexer.stats("1")).rejects.toThrow("Indexer answered 503 for /api/tasks/1/stats");
  });
});
