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

// The refusals that count logs, not blocks (Infura's -32005 "query returned more than 10000 results", Alchemy's
// "Log response size exceeded"): a window refused where events are dense may be answered where they are sparse.
const RESULT_COUNT_REFUSED = /too many (results|logs)|more than \d+ (results|logs)|response size/i;

/** The messages along an error's cause chain, with their codes and details. */
function* errorChain(error: unknown): Generator<{ code: unknown; text: string }> {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++)
    yield { code: (e as { code?: unknown }).code, text: `${e.message}\n${(e as { details?: string }).details ?? ""}` };
}

/** Whether an RPC error says the request covered too many blocks or logs (not that the node is down). */
export function isLogRangeRefused(error: unknown): boolean {
  for (const { code, text } of errorChain(error)) if (code === -32005 || RANGE_REFUSED.test(text)) return true;
  return false;
}

/** Whether a refusal was about how many logs the window held, rather than how many blocks it spanned. */
export function isLogCountRefused(error: unknown): boolean {
  for (const { text } of errorChain(error)) if (RESULT_COUNT_REFUSED.test(text)) return true;
  return false;
}

/**
 * Runs `get` over `fromBlock..toBlock` in consecutive windows and concatenates the results in block order: a
 * deployment months old spans more blocks than public RPCs answer in one getLogs request. When the RPC refuses a
 * window as too large, the window halves (down to one block). A limit on blocks stays for the rest of the scan; after
 * a limit on results, each answered window doubles the next (up to the size the scan started with), so a burst of
 * events early on does not leave the sparse blocks after it to be read in small windows.
 */
export async function scanBlockRanges<T>(get: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>, options: ScanBlockRangesOptions): Promise<T[]> {
  let range = options.blockRange ?? DEFAULT_LOG_BLOCK_RANGE;
  if (range < 1n) throw new RangeError(`blockRange must be at least 1, got ${range}.`);
  let ceiling = range;
  const all: T[] = [];
  for (let from = options.fromBlock; from <= options.toBlock; ) {
    const to = from + range - 1n > options.toBlock ? options.toBlock : from + range - 1n;
    try {
      all.push(...(await get(from, to)));
      from = to + 1n;
      range = range * 2n < ceiling ? range * 2n : ceiling;
    } catch (error) {
      if (to === from || !isLogRangeRefused(error)) throw error;
      range = (to - from + 1n) / 2n;
      if (!isLogCountRefused(error)) ceiling = range;
    }
  }
  return all;
}
