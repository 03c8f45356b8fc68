import { CidMismatchError, ContentTooLargeError, InvalidCidError, ManifestTaskMismatchError, ManifestValidationError } from "@crowdlabel/sdk";

/** A manifest error that retrying cannot fix: the published manifest itself is wrong. */
export function isPermanentManifestError(
  error: unknown,
): error is ManifestTaskMismatchError | ManifestValidationError | CidMismatchError | InvalidCidError | ContentTooLargeError {
  return (
    error instanceof ManifestTaskMismatchError ||
    error instanceof ManifestValidationError ||
    error instanceof CidMismatchError ||
    error instanceof InvalidCidError ||
    error instanceof ContentTooLargeError
  );
}
