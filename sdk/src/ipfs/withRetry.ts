export type RetryOptions = {
  /** Attempts after the first one (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled each attempt with jitter (default 250). */
  baseDelayMs?: number;
  /** Cap on one delay (default 5000). */
  maxDelayMs?: number;
  /** Whether an error is worth another attempt (default: always). */
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
};

/** Runs `fn` until it succeeds, with exponential backoff between attempts; rethrows the last error. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries || options.signal?.aborted || (options.shouldRetry && !options.shouldRetry(error))) throw error;
      const delayMs = Math.min(max, base * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
