/** A setting is missing or malformed; `details` says which variable to set and how. */
export class IndexerConfigError extends Error {
  override name = "IndexerConfigError";
  readonly shortMessage: string;
  readonly details: string;

  constructor(shortMessage: string, details: string) {
    super(`${shortMessage}\n\nDetails: ${details}`);
    this.shortMessage = shortMessage;
    this.details = details;
  }
}
