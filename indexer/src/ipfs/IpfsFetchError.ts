/** Content could not be fetched from the gateway, or did not match its CID. */
export class IpfsFetchError extends Error {
  override name = "IpfsFetchError";
  readonly shortMessage: string;
  readonly details: string;
  /** True when the content itself is bad (wrong hash, not a file): retrying will not help. */
  readonly permanent: boolean;

  constructor(shortMessage: string, { details, permanent = false, cause }: { details: string; permanent?: boolean; cause?: unknown }) {
    super(`${shortMessage}\n\nDetails: ${details}`, cause === undefined ? undefined : { cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.permanent = permanent;
  }
}
