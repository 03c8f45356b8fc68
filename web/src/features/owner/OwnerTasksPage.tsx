import { Link } from "react-router";
import { useAccount } from "wagmi";
import { useOwnerTasks, useTokenMeta } from "../tasks/queries.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import { RequireWallet } from "../wallet/RequireWallet.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { formatAmount, timeLeft, countText } from "../../ui/format.ts";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";
import { TaskStateBadge } from "../tasks/TaskStateBadge.tsx";

function Row({ task }: { task: TaskView }) {
  const token = useTokenMeta(task.token);
  return (
    <tr data-testid={`owner-task-${task.id}`}>
      <td style={{ minWidth: 150 }}>
        <Link to={`/owner/tasks/${task.id}`}>
          <strong>{task.title ?? `Task #${task.id}`}</strong>
        </Link>
        <div className="tiny muted">
          #{task.id.toString()} · {countText(task.itemCount, "image")}{task.closed ? "" : ` · ${timeLeft(task.deadline)}`}
        </div>
      </td>
      <td>
        <TaskStateBadge task={task} />
      </td>
      <td style={{ minWidth: 140 }}>
        <div className="tiny muted">
          {task.batchesDone}/{task.batchCount} batches
        </div>
        <Progress value={task.batchesDone} max={task.batchCount} label="Batches done" />
      </td>
      <td className="right num nowrap">
        {formatAmount(task.paid, token.decimals)} / {formatAmount(task.funded, token.decimals)} {token.symbol}
      </td>
    </tr>
  );
}

export function OwnerTasksPage() {
  const { address } = useAccount();
  const { data, isLoading } = useOwnerTasks(address);
  const draftImages = useOwnerDraftStore((s) => s.images.length);
  const mine = data?.tasks ?? [];
  return (
    <main>
      <div className="page-head">
        <div>
          <h1>Owner console</h1>
          <p>Post labeling tasks, watch quality as labels come in, settle and export verified datasets.</p>
        </div>
        <Link className="btn primary" to="/owner/new" data-testid="new-task">
          {draftImages > 0 ? "Continue your draft" : "+ New task"}
        </Link>
      </div>
      <RequireWallet why="Connect to see the tasks you own.">
        <section className="card">
          {isLoading ? (
            <Skeleton height={120} />
          ) : mine.length === 0 ? (
            <EmptyState title="You have not posted a task yet" action={<Link className="btn primary" to="/owner/new">Create your first task</Link>}>
              Drop a folder of images, define classes, set a reward, done.
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Task</th>
                    <th>Status</th>
                    <th>Progress</th>
                    <th className="right">Paid / escrowed</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((t) => (
                    <Row key={t.id.toString()} task={t} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </RequireWallet>
    </main>
  );
}
