import type { PublicClient } from "viem";
import { scanBlockRanges } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";

type GetLogs<T> = (fromBlock: bigint, toBlock: bigint) => Promise<T[]>;

/**
 * An event query over every block from `fromBlock` (default: the deployment's start block) to the head, in windows
 * the RPC accepts: on a real chain the deployment is soon more blocks old than one getLogs request may span.
 */
export async function logsSince<T>(client: PublicClient, get: GetLogs<T>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const toBlock = await client.getBlockNumber({ cacheTime: 0 });
  return scanBlockRanges(get, { fromBlock, toBlock });
}

/** Blocks behind the head after which a log is taken as final: newer ones are read again on every poll. */
export const REORG_DEPTH = 64n;

/** Every per-tab cache of chain data, forgotten together (`observeHead`, `clearPolledLogs`). */
const caches: Map<string, unknown>[] = [];

/** A per-tab cache of data read from the chain, forgotten with the kept logs when the chain behind the RPC changes. */
export function chainCache<V>(): Map<string, V> {
  const cache = new Map<string, V>();
  caches.push(cache as Map<string, unknown>);
  return cache;
}

let highestHead = 0n;

/**
 * Records a head a read saw. A head more than REORG_DEPTH blocks below the highest seen is another chain behind the
 * same RPC (a restarted dev chain), not a reorg: everything kept is forgotten. A block or two back (load-balanced
 * RPC nodes disagree on the head) keeps it.
 */
export function observeHead(head: bigint): void {
  if (head + REORG_DEPTH < highestHead) {
    for (const cache of caches) cache.clear();
    highestHead = head;
  } else if (head > highestHead) highestHead = head;
}

/** Per query: the logs up to `settledTo` (at least REORG_DEPTH blocks deep when read). In memory, so a reload reads afresh. */
const settled = chainCache<{ settledTo: bigint; logs: unknown[] }>();

/**
 * `logsSince` for a query polled every few seconds: blocks deeper than `REORG_DEPTH` are read once and kept under
 * `key`, so each poll asks only for the recent blocks (one request) instead of every block since the deployment.
 * The recent blocks are read again each time, so a log a reorg removed there is dropped.
 */
export async function polledLogsSince<T>(key: string, client: PublicClient, get: GetLogs<T>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  // A head far below one seen before (a restarted dev chain) forgets every kept log here.
  observeHead(head);
  const kept = settled.get(key) as { settledTo: bigint; logs: T[] } | undefined;
  let known: T[] = kept?.logs ?? [];
  let next = kept ? kept.settledTo + 1n : fromBlock;
  const settledTo = head - REORG_DEPTH;
  if (settledTo >= next) {
    known = [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: settledTo }))];
    settled.set(key, { settledTo, logs: known });
    next = settledTo + 1n;
  }
  return [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: head }))];
}

/** Forgets every kept log and cache (tests; a wallet or deployment switch keys its queries apart anyway). */
export function clearPolledLogs(): void {
  for (const cache of caches) cache.clear();
  highestHead = 0n;
}
