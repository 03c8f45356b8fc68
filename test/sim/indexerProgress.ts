import type { RunningIndexer } from "../stack/startIndexer.ts";

/** Samples of the indexer's `/health` (seconds since the indexer was launched, block indexed). */
export type IndexerProgress = {
  samples: { seconds: number; indexedBlock: number }[];
  /** Seconds after launch when the indexer was first seen at or past `block`. */
  reachedAt(block: bigint): number | undefined;
  stop(): void;
};

/** Polls `/health` every `intervalMs` in the background, so the report can say when each dataset was indexed. */
export function watchIndexer(indexer: RunningIndexer, launchedAt: number, intervalMs = 1_000): IndexerProgress {
  const samples: IndexerProgress["samples"] = [];
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    indexer
      .health()
      .then((h) => h.indexedBlock !== null && samples.push({ seconds: (Date.now() - launchedAt) / 1000, indexedBlock: h.indexedBlock }))
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return {
    samples,
    reachedAt: (block) => samples.find((s) => BigInt(s.indexedBlock) >= block)?.seconds,
    stop: () => clearInterval(timer),
  };
}
