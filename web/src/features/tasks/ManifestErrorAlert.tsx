import { IpfsRequestError, IpfsUnreachableError, ManifestValidationError } from "@crowdlabel/sdk";
import { Alert } from "../../ui/Alert.tsx";
import { isPermanentManifestError } from "./manifestErrors.ts";

const SHOWN_ISSUES = 5;

/**
 * Why a task's manifest is missing, worded for the person looking at the task: the manifest
 * itself is wrong (permanent; only the owner can fix it), or IPFS did not serve it (retry).
 */
export function ManifestErrorAlert({ error, onRetry, viewer = "annotator" }: { error: unknown; onRetry?: () => void; viewer?: "annotator" | "owner" }) {
  const advice =
    viewer === "owner"
      ? "Annotators cannot label this task. Post a corrected task; this one's escrow comes back when you close it after its deadline."
      : "Do not claim batches here: you could not label them, and the bond would be lost.";
  if (error instanceof ManifestValidationError) {
    const more = error.issues.length - SHOWN_ISSUES;
    return (
      <Alert tone="danger" title="This task's manifest is invalid, so its images cannot be labeled" testId="manifest-error">
        <p>
          {viewer === "owner" ? "Crowdlabel cannot read the manifest this task names." : "The owner published a manifest Crowdlabel cannot read."} {advice} The problems:
        </p>
        <ul className="issue-list" data-testid="manifest-issues">
          {error.issues.slice(0, SHOWN_ISSUES).map((issue, i) => (
            <li key={i}>
              <code>{issue.path || "manifest"}</code> {issue.message}
            </li>
          ))}
          {more > 0 ? <li>… and {more} more</li> : null}
        </ul>
      </Alert>
    );
  }
  if (isPermanentManifestError(error)) {
    return (
      <Alert tone="danger" title={error.shortMessage} testId="manifest-error">
        {error.details} {advice}
      </Alert>
    );
  }
  const cause =
    error instanceof IpfsUnreachableError
      ? `The IPFS gateway at ${originOf(error.url)} is not answering.`
      : error instanceof IpfsRequestError
        ? `The IPFS gateway answered with ${error.status ? `HTTP ${error.status}` : "an error"}.`
        : `The request failed (${error instanceof Error ? error.message : String(error)}).`;
  return (
    <Alert
      tone="danger"
      title="The task's manifest could not be loaded from IPFS"
      testId="manifest-error"
      action={
        onRetry ? (
          <button type="button" className="btn sm" onClick={onRetry} data-testid="manifest-retry">
            Retry
          </button>
        ) : undefined
      }
    >
      {cause} Labeling needs the manifest (its images, classes and instructions); nothing on chain is affected. Retry when the gateway is back.
    </Alert>
  );
}

/** The gateway's address without the CID path: the part a reader can check. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
