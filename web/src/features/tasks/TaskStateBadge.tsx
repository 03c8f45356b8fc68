import type { TaskView } from "../../lib/chainTasks.ts";
import { Badge } from "../../ui/Badge.tsx";
import { timeLeft } from "../../ui/format.ts";

/** Where a task stands: closed, every batch done (waiting for its owner to close it), past its deadline, or open. */
export function TaskStateBadge({ task, now = Date.now() / 1000, showTimeLeft = false }: { task: Pick<TaskView, "closed" | "deadline" | "batchesDone" | "batchCount">; now?: number; showTimeLeft?: boolean }) {
  if (task.closed) return <Badge>Closed</Badge>;
  if (task.batchCount > 0 && task.batchesDone >= task.batchCount)
    return (
      <Badge tone="accent" title="Every batch is finalised; the owner can close the task for its refund">
        Complete
      </Badge>
    );
  if (task.deadline <= now)
    return (
      <Badge tone="warn" title="Past its deadline: no new claims">
        Ended
      </Badge>
    );
  return <Badge tone="ok">{showTimeLeft ? `Open · ${timeLeft(task.deadline, now)}` : "Open"}</Badge>;
}
