export type RetryOptions = {
  attempts: number;
  /** First delay; doubles each attempt (with up to 20% jitter). */
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Stop retrying when this returns false (e.g. a permanent error). */
  retryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
};

/** Runs `task` until it succeeds or `attempts` are used up, with exponential backoff between tries. */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      return await task();
    } catch (error) {
      lastError = error;
      if (attempt === options.attempts || (options.retryable && !options.retryable(error))) break;
      const delay = Math.min(options.maxDelayMs ?? 30_000, options.baseDelayMs * 2 ** (attempt - 1)) * (1 + Math.random() * 0.2);
      options.onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}
