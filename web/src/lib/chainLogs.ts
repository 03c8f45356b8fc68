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

/** Per query: the logs up to `settledTo` (finalized when read, see `settledBlock`). In memory, so a reload reads afresh. */
const settled = chainCache<{ settledTo: bigint; logs: unknown[] }>();

/**
 * `logsSince` for a query polled every few seconds: finalized blocks (`settledBlock`) are read once and kept under
 * `key`, so each poll asks only for the newer blocks (one request) instead of every block since the deployment.
 * The newer blocks are read again each time, so a log a reorg removed there is dropped.
 */
export async function polledLogsSince<T>(key: string, client: PublicClient, get: GetLogs<T>, fromBlock: bigint = getConfig().startBlock): Promise<T[]> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  // A head far below one seen before (a restarted dev chain) forgets every kept log here.
  observeHead(head);
  const kept = settled.get(key) as { settledTo: bigint; logs: T[] } | undefined;
  let known: T[] = kept?.logs ?? [];
  let next = kept ? kept.settledTo + 1n : fromBlock;
  const settledTo = await settledBlock(client, head);
  if (settledTo >= next) {
    known = [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: settledTo }))];
    settled.set(key, { settledTo, logs: known });
    next = settledTo + 1n;
  }
  return [...known, ...(await scanBlockRanges(get, { fromBlock: next, toBlock: head }))];
}

/** Forgets every kept log and cache (tests; a wallet or deployment switch keys its queries apart anyway). */
export function clearPolledLogs(): void {
  forgetAll();
  highestHead = 0n;
}
