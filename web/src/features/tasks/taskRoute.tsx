import type { ReactElement } from "react";
import { Link } from "react-router";
import { Alert } from "../../ui/Alert.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { TaskReadError } from "./ChainReadError.tsx";

/** A route's `:taskId` or `:batchId`: a whole number, or undefined for anything else. */
export function parseRouteId(raw: string | undefined): bigint | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? BigInt(raw) : undefined;
}

/** A task or batch address whose id is not a whole number (a mistyped or truncated link). */
export function BadRouteId({ what, raw }: { what: "task" | "batch"; raw: string | undefined }) {
  return (
    <Alert tone="danger" title={`“${raw ?? ""}” is not a ${what} id`} testId="bad-route-id" action={<Link className="btn sm" to="/">Browse tasks</Link>}>
      {what === "task" ? "Task ids are whole numbers, as in /tasks/1." : "Batch ids are whole numbers, as in /tasks/1/label/0."} Check the link you followed.
    </Alert>
  );
}

/**
 * What a task's page shows until the task is read: the bad id, the read's error (with Retry) or a skeleton of
 * `skeletonHeight`; null once the task is there.
 */
export function taskNotReady(
  raw: string | undefined,
  task: { error: unknown; data: unknown; refetch: () => unknown },
  skeletonHeight: number,
): ReactElement | null {
  const taskId = parseRouteId(raw);
  if (taskId === undefined)
    return (
      <main>
        <BadRouteId what="task" raw={raw} />
      </main>
    );
  if (task.error)
    return (
      <main>
        <TaskReadError taskId={taskId} error={task.error} onRetry={() => void task.refetch()} />
      </main>
    );
  if (!task.data)
    return (
      <main>
        <Skeleton height={skeletonHeight} />
      </main>
    );
  return null;
}
