import { Link } from "react-router";
import { useAccount, useReadContract } from "wagmi";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import type { TaskView } from "../../lib/chainTasks.ts";
import { getConfig } from "../../config/appConfig.ts";
import { Badge } from "../../ui/Badge.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { formatAmount, timeLeft, countText } from "../../ui/format.ts";
import { useManifest, useManifestCid, useTokenMeta } from "./queries.ts";
import { TaskStateBadge } from "./TaskStateBadge.tsx";

export function TaskCard({ task }: { task: TaskView }) {
  const { address } = useAccount();
  const token = useTokenMeta(task.token);
  const manifestCid = useManifestCid(task, !task.title);
  const manifest = useManifest(task.title ? undefined : manifestCid);
  const title = task.title ?? manifest.data?.title ?? `Task #${task.id}`;
  const eligibleRead = useReadContract({
    address: getConfig().crowdlabel,
    abi: crowdlabelAbi,
    functionName: "isEligible",
    args: address ? [task.id, address] : undefined,
    query: { enabled: !!address && task.eligible === undefined },
  });
  const eligible = task.eligible ?? eligibleRead.data;
  const gated = task.minLabelsRevealed > 0 || task.minAgreementBps > 0;
  const done = task.itemsResolved !== undefined ? task.itemsResolved : undefined;
  return (
    <Link to={`/tasks/${task.id}`} className="card card-link" data-testid={`task-card-${task.id}`}>
      <div className="stack">
        <div className="row between" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
          <h3 style={{ margin: 0 }}>{title}</h3>
          <TaskStateBadge task={task} />
        </div>
        <div className="row" style={{ gap: "1.25rem" }}>
          <div>
            <div className="stat-value" style={{ fontSize: "1.25rem" }}>
              {formatAmount(task.rewardPerLabel, token.decimals)} <span className="small muted">{token.symbol}</span>
            </div>
            <div className="tiny muted">per agreeing label</div>
          </div>
          <div>
            <div style={{ fontWeight: 650 }}>{task.itemCount.toLocaleString()}</div>
            <div className="tiny muted">images</div>
          </div>
          <div>
            <div style={{ fontWeight: 650 }}>{task.classCount}</div>
            <div className="tiny muted">classes</div>
          </div>
          <div>
            <div style={{ fontWeight: 650 }}>×{task.redundancy}</div>
            <div className="tiny muted">labels/item</div>
          </div>
        </div>
        <div>
          <div className="row between tiny muted">
            <span>
              {task.batchesDone}/{task.batchCount} batches done{done !== undefined ? ` · ${countText(done, "item")} resolved` : ""}
            </span>
            <span>{task.closed ? "" : timeLeft(task.deadline)}</span>
          </div>
          <Progress value={task.batchesDone} max={task.batchCount} label="Batches done" />
        </div>
        <div className="row" style={{ gap: "0.4rem" }}>
          {task.bondPerClaim > 0n ? <Badge title="Posted per claimed batch, returned when you reveal">Bond {formatAmount(task.bondPerClaim, token.decimals)} {token.symbol}</Badge> : <Badge>No bond</Badge>}
          {gated ? (
            <Badge tone={eligible === false ? "danger" : eligible ? "ok" : undefined} title="Reputation gate: on-chain labels revealed and agreement rate">
              {eligible === false ? "Not eligible" : eligible ? "Eligible" : "Gated"}: ≥{task.minLabelsRevealed} labels{task.minAgreementBps ? `, ≥${task.minAgreementBps / 100}% agree` : ""}
            </Badge>
          ) : (
            <Badge tone="ok">Open to everyone</Badge>
          )}
        </div>
      </div>
    </Link>
  );
}
