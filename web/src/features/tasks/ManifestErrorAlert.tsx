import { ManifestTaskMismatchError } from "@crowdlabel/sdk";
import { Alert } from "../../ui/Alert.tsx";

/** Why a task's manifest is missing: it does not fit the task (permanent), or IPFS did not serve it (retry later). */
export function ManifestErrorAlert({ error }: { error: unknown }) {
  if (error instanceof ManifestTaskMismatchError)
    return (
      <Alert tone="danger" title={error.shortMessage} testId="manifest-error">
        {error.details}
      </Alert>
    );
  return (
    <Alert tone="danger" title="The task's manifest could not be loaded from IPFS" testId="manifest-error">
      {(error as Error).message} — labeling needs the manifest; try again when the IPFS gateway is reachable.
    </Alert>
  );
}
