import { Alert } from "../../ui/Alert.tsx";
import { decodeTxError } from "../transactions/decodeTxError.ts";

/** A task that could not be read from the chain: missing on this deployment, or the RPC failed (then Retry). */
export function TaskReadError({ taskId, error, onRetry }: { taskId: bigint; error: unknown; onRetry: () => void }) {
  const decoded = decodeTxError(error);
  const missing = decoded.errorName === "TaskNotFound";
  return (
    <Alert
      tone="danger"
      title={missing ? `Task #${taskId} does not exist` : "Could not read the task from the chain"}
      testId="task-read-error"
      action={
        missing ? undefined : (
          <button type="button" className="btn sm" onClick={onRetry}>
            Retry
          </button>
        )
      }
    >
      {decoded.fix}
    </Alert>
  );
}

/** The annotator's batches could not be read: say so instead of "you hold no batches". */
export function WorkReadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const decoded = decodeTxError(error);
  return (
    <Alert
      tone="danger"
      title="Could not read your batches from the chain"
      testId="work-read-error"
      action={
        <button type="button" className="btn sm" onClick={onRetry}>
          Retry
        </button>
      }
    >
      {decoded.kind === "rpc-down" ? decoded.fix : `${decoded.title} ${decoded.fix}`}
    </Alert>
  );
}
