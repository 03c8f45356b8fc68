/** Fields every Crowdlabel error carries, in the manner of viem's `BaseError`. */
export type CrowdlabelErrorOptions = {
  /** What went wrong in more detail, and how to fix it. */
  details?: string;
  /** Extra lines shown under the short message (e.g. one per validation issue). */
  metaMessages?: string[];
  cause?: unknown;
};

/**
 * Base class of every error the SDK throws. `shortMessage` is one sentence for a user;
 * `message` adds the details and meta lines so a log shows everything needed to fix it.
 */
export class CrowdlabelError extends Error {
  override name = "CrowdlabelError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, options: CrowdlabelErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.metaMessages?.length) lines.push("", ...options.metaMessages);
    if (options.details) lines.push("", `Details: ${options.details}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.metaMessages = options.metaMessages;
  }
}
