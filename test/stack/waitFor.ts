export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
}

export type WaitForOptions = {
  /** What is awaited, for the error message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Extra text for the timeout error (e.g. a process's last output). */
  details?: () => string;
  /** Checked before each probe: an error returned here ends the wait at once (e.g. the process died). */
  abortIf?: () => Error | undefined;
};

/** Polls `probe` until it returns a value other than undefined/false; throws after the timeout with the last error. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitForOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw abort;
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? `\nlast error: ${lastError.message}` : "";
      const extra = options.details ? `\n${options.details()}` : "";
      throw new WaitTimeoutError(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.what}${last}${extra}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 150));
  }
}
