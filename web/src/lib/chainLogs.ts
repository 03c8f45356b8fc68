import type { PublicClient } from "viem";
import { scanBlockRanges } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";
import { canStoreLogs, readStoredLogs, removeStoredLogs, writeStoredLogs } from "./keptLogStore.ts";

type GetLogs<T> = (fromBlock: bigint, toBlock: bigint) => Promise<T[]>;

/**
 * An event query over every block from `fromBlock` (default: the deployment's start block) to the head, in windows
 * the RPC accepts: on a real chain the deployment is soon more blocks old than one getLogs request may span.
 */
export async function logsSince<T>(client: PublicClient, get: GetLogs<T>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const toBlock = await client.getBlockNumber({ cacheTime: 0 });
  return scanBlockRanges(get, { fromBlock, toBlock });
}

/**
 * Blocks behind the head taken as final where the RPC names no finalized block, and how far the head must fall to be
 * another chain (a restarted dev chain) rather than a reorg.
 */
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

/** How long one read of the finalized block serves every polled query (each polls every few seconds). */
const FINALIZED_READ_TTL_MS = 4_000;
let finalizedRead: { at: number; block: Promise<bigint | undefined> } | undefined;

/**
 * Records a head a read saw. A head more than REORG_DEPTH blocks below the highest seen is another chain behind the
 * same RPC (a restarted dev chain), not a reorg: everything kept is forgotten. A block or two back (load-balanced
 * RPC nodes disagree on the head) keeps it.
 */
export function observeHead(head: bigint): void {
  if (head + REORG_DEPTH < highestHead) {
    forgetAll();
    highestHead = head;
  } else if (head > highestHead) highestHead = head;
}

function forgetAll(): void {
  for (const cache of caches) cache.clear();
  finalizedRead = undefined;
}

/**
 * The newest block whose logs may be kept: the one the chain calls finalized (the RPC's `finalized` tag: on Ethereum
 * two epochs, on an OP Stack chain such as Base once its batch is final on L1), or REORG_DEPTH below `head` where the
 * RPC names none. Never above `head`, which another node behind the same RPC may have answered.
 */
export async function settledBlock(client: PublicClient, head: bigint): Promise<bigint> {
  const now = Date.now();
  if (!finalizedRead || now - finalizedRead.at > FINALIZED_READ_TTL_MS) {
    const block = Promise.resolve()
      .then(() => client.getBlock({ blockTag: "finalized" }))
      .then(
        (b) => b.number ?? undefined,
        () => undefined,
      );
    finalizedRead = { at: now, block };
  }
  const finalized = await finalizedRead.block;
  if (finalized === undefined) return head - REORG_DEPTH;
  return finalized < head ? finalized : head;
}

type Settled = { settledTo: bigint; logs: unknown[] };
/** Per query: the logs up to `settledTo` (finalized when read, see `settledBlock`), also stored for the next page load. */
const settled = chainCache<Settled>();

/** How often a query's settled logs are stored (each store reads one block hash); a reload re-reads at most this much. */
export const STORE_INTERVAL_MS = 30_000;
const storedAt = new Map<string, number>();

/**
 * The settled logs an earlier page load stored under `key`, if the chain still has the block they ran to: a restarted
 * dev chain or a reorg past finality has another block there (or none), and the stored logs are dropped.
 */
async function restoreSettled(key: string, client: PublicClient, head: bigint): Promise<Settled | undefined> {
  const stored = readStoredLogs(key);
  if (!stored) return undefined;
  const block = stored.settledTo <= head ? await client.getBlock({ blockNumber: stored.settledTo }).catch(() => undefined) : undefined;
  if (block?.hash !== stored.hash) {
    removeStoredLogs(key);
    return undefined;
  }
  const kept = { settledTo: stored.settledTo, logs: stored.logs };
  settled.set(key, kept);
  storedAt.set(key, Date.now());
  return kept;
}

/** Stores `kept` with the hash of its last block, at most every STORE_INTERVAL_MS per query; never what a chain switch dropped. */
function storeSettled(key: string, client: PublicClient, kept: Settled): void {
  const now = Date.now();
  if (!canStoreLogs() || now - (storedAt.get(key) ?? -Infinity) < STORE_INTERVAL_MS) return;
  storedAt.set(key, now);
  void client.getBlock({ blockNumber: kept.settledTo }).then(
    (block) => {
      if (settled.get(key) === kept && block.hash) writeStoredLogs(key, { settledTo: kept.settledTo, hash: block.hash, logs: kept.logs });
      else storedAt.delete(key);
    },
    () => storedAt.delete(key),
  );
}

/**
 * `logsSince` for a query polled every few seconds: finalized blocks (`settledBlock`) are read once and kept under
 * `key`, so each poll asks only for the newer blocks (one request) instead of every block since the deployment.
 * The newer blocks are read again each time, so a log a reorg removed there is dropped. The kept logs are also
 * stored in localStorage (`keptLogStore`): after a reload the query reads only the blocks since, not the whole range.
 */
export async function polledLogsSince<T>(key: string, client: PublicClient, get: GetLogs<T>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  // A head far below one seen before (a restarted dev chain) forgets every kept log here.
  observeHead(head);
  const kept = (settled.get(key) ?? (await restoreSettled(key, client, head))) as { settledTo: bigint; logs: T[] } | undefined;
  let known: T[] = kept?.logs ?? [];
  let next = kept ? kept.settledTo + 1n : fromBlock;
  const settledTo = await settledBlock(client, head);
  if (settledTo >= next) {
    known = [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: settledTo }))];
    const advanced = { settledTo, logs: known };
    settled.set(key, advanced);
    storeSettled(key, client, advanced);
    next = settledTo + 1n;
  }
  return [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: head }))];
}

/** Forgets every kept log and cache (tests; a wallet or deployment switch keys its queries apart anyway). */
export function clearPolledLogs(): void {
  forgetAll();
  storedAt.clear();
  highestHead = 0n;
}
