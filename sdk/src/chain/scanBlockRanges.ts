/** Blocks asked for in one getLogs request at first; an RPC that refuses a range makes the scan halve it. */
export const DEFAULT_LOG_BLOCK_RANGE = 50_000n;

export type ScanBlockRangesOptions = {
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks per request to start with, default `DEFAULT_LOG_BLOCK_RANGE`. */
  blockRange?: bigint;
};

// What RPCs answer when one getLogs request covers too much: geth/erigon, Alchemy, Infura, QuickNode, public
// L2 endpoints and viem's LimitExceededRpcError (-32005) word it differently.
const RANGE_REFUSED =
  /block range|range (is )?too (large|wide|big)|exceeds? (the )?max(imum)?|too many (blocks|results|logs)|more than \d+ (results|logs)|response size|limit exceeded|-32005/i;

/** Whether an RPC error says the request covered too many blocks or logs (not that the node is down). */
export function isLogRangeRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === -32005 || RANGE_REFUSED.test(e.message) || RANGE_REFUSED.test((e as { details?: string }).details ?? "")) return true;
  }
  return false;
}

/**
 * Runs `get` over `fromBlock..toBlock` in consecutive windows and concatenates the results in block order: a
 * deployment months old spans more blocks than public RPCs answer in one getLogs request. When the RPC refuses a
 * window as too large, the window halves (down to one block) and stays that size for the rest of the scan.
 */
export async function scanBlockRanges<T>(get: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>, options: ScanBlockRangesOptions): Promise<T[]> {
  let range = options.blockRange ?? DEFAULT_LOG_BLOCK_RANGE;
  if (range < 1n) throw new RangeError(`blockRange must be at least 1, got ${range}.`);
  const all: T[] = [];
  for (let from = options.fromBlock; from <= options.toBlock; ) {
    const to = from + range - 1n > options.toBlock ? options.toBlock : from + range - 1n;
    try {
      all.push(...(await get(from, to)));
      from = to + 1n;
    } catch (error) {
      if (to === from || !isLogRangeRefused(error)) throw error;
      range = (to - from + 1n) / 2n;
    }
  }
  return all;
}
