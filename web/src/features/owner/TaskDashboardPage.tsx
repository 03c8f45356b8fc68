import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { useAccount, useBlock, usePublicClient, useWriteContract } from "wagmi";
import type { PublicClient } from "viem";
import { countResolved, crowdlabelAbi } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { useManifest, useTask, useTokenMeta } from "../tasks/queries.ts";
import { useAnnotatorActions } from "../labeling/useAnnotatorActions.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";
import { Earnings } from "../profile/Earnings.tsx";
import { BATCH_PAGE_SIZE, useBatchPhases, useDatasetSource, useTaskStats } from "./useTaskAnalytics.ts";
import { browserTaskStats, taskConfusion, workerQuality } from "./taskAnalytics.ts";
import { ExportPanel } from "./ExportPanel.tsx";
import { useGoldStore } from "./useGoldStore.ts";
import { canCloseTask, canRevealGold, closeRefund, parseGoldFile, type GoldFile } from "@crowdlabel/sdk";
import { GoldCheckCard } from "./GoldCheckCard.tsx";
import { FinaliseWholeTask } from "./FinaliseWholeTask.tsx";
import { BarChart } from "../../ui/charts/BarChart.tsx";
import { LineChart } from "../../ui/charts/LineChart.tsx";
import { Heatmap } from "../../ui/charts/Heatmap.tsx";
import { Alert } from "../../ui/Alert.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { Stat } from "../../ui/Stat.tsx";
import { Tabs } from "../../ui/Tabs.tsx";
import { TextFileButton } from "../../ui/TextFileButton.tsx";
import { AddressLabel, ProfileLink } from "../../ui/Address.tsx";
import { formatAmount, formatDate, formatExactAmount, formatPercent, timeLeft } from "../../ui/format.ts";
import { useVerifiedImage } from "../labeling/useVerifiedImage.ts";
import { TaskStateBadge } from "../tasks/TaskStateBadge.tsx";
import { ManifestErrorAlert } from "../tasks/ManifestErrorAlert.tsx";
import { useOneAtATime } from "../../ui/useOneAtATime.ts";
import { parseRouteId, taskNotReady } from "../tasks/taskRoute.tsx";

const phaseName = ["Open", "Reveal", "Finalisable", "Done"] as const;
const phaseTone = [undefined, "warn", "accent", "ok"] as const;
type Tab = "overview" | "quality" | "batches" | "settle";

function ItemThumb({ cid, index }: { cid: string; index: number }) {
  const img = useVerifiedImage(cid, "image/png");
  return (
    <figure style={{ margin: 0, textAlign: "center" }} className="tiny muted">
      {img.status === "ready" ? <img src={img.url} alt={`Item ${index}`} style={{ width: 56, height: 56, imageRendering: "pixelated", background: "#fff", borderRadius: 4, border: "1px solid var(--border)" }} /> : <div className="skeleton" style={{ width: 56, height: 56 }} />}
      <figcaption>#{index}</figcaption>
    </figure>
  );
}

export function TaskDashboardPage() {
  const { taskId: raw } = useParams();
  const taskId = parseRouteId(raw);
  const { address } = useAccount();
  const config = getConfig();
  const task = useTask(taskId);
  const manifest = useManifest(task.data?.manifestCid || undefined, task.data);
  const token = useTokenMeta(task.data?.token);
  const stats = useTaskStats(taskId);
  const data = useDatasetSource(taskId, task.data?.createdBlock);
  // Both walk every label: once per fetch of the label data, not on every block's re-render.
  const labelAnalytics = useMemo(() => {
    const fetched = data.data;
    return fetched?.ds ? { confusion: taskConfusion(fetched.source, fetched.ds), quality: workerQuality(fetched.source, fetched.ds) } : undefined;
  }, [data.data]);
  // The indexer's chart data, else the same rebuilt from chain events (once per fetch of the label data).
  const chartStats = useMemo(() => stats.data ?? (data.data ? browserTaskStats(data.data.source) : undefined), [stats.data, data.data]);
  const itemsResolved = useMemo(() => data.data?.source.batches.reduce((n, b) => n + countResolved(b.resolvedMask), 0), [data.data]);
  const [tab, setTab] = useState<Tab>("overview");
  const [batchPage, setBatchPage] = useState(0);
  const phases = useBatchPhases(taskId, task.data?.batchCount ?? 0, batchPage, tab === "batches");
  const pageFinalisable = (phases.data ?? []).filter((b) => b.phase === 2);
  const { data: block } = useBlock({ watch: true });
  const actions = useAnnotatorActions();
  const run = useTxRunner();
  const { writeContractAsync } = useWriteContract();
  const client = usePublicClient() as PublicClient | undefined;
  const goldFromStore = useGoldStore((s) => (taskId !== undefined && task.data ? s.forTask(taskId.toString(), task.data.goldCommitment) : undefined));
  const [goldFile, setGoldFile] = useState<GoldFile | undefined>();
  const [goldError, setGoldError] = useState<string | null>(null);
  const oneAtATime = useOneAtATime();
  const busy = oneAtATime.running !== null;

  const notReady = taskNotReady(raw, task, 300);
  if (notReady || taskId === undefined || !task.data) return notReady;
  const t = task.data;
  const now = block ? Number(block.timestamp) : Date.now() / 1000;
  const isOwner = !!address && address.toLowerCase() === t.owner.toLowerCase();
  const source = data.data?.source;
  const ds = data.data?.ds;
  const refund = t.bondsForfeited !== undefined && t.bondsHeld !== undefined ? closeRefund({ funded: t.funded, paid: t.paid, bondsForfeited: t.bondsForfeited, bondsHeld: t.bondsHeld }) : undefined;
  const canClose = canCloseTask(t, now);
  // Gold saved in this browser is offered only if it is the gold committed on chain (an earlier create attempt saves other gold).
  const storedGold = goldFromStore && goldFromStore.commitment.toLowerCase() === t.goldCommitment.toLowerCase() ? goldFromStore : undefined;
  const gold = goldFile ?? storedGold;
  const dataError = data.error && !source ? data.error : null;
  const emptyText = (text: string) => (dataError ? "Label data unavailable (see above)." : text);
  const exclusive = (action: () => Promise<unknown>) => () => oneAtATime.run(true, action);
  const hasGold = t.goldCommitment !== "0x" && !/^0x0+$/.test(t.goldCommitment);
  const goldRevealable = canRevealGold(t, now);

  // The export's machine name "cannot_label" reads as the confusion matrix's "cannot label" here.
  const dist = chartStats?.classDistribution.map((c) => ({ label: c.classId === t.classCount ? "cannot label" : c.name, value: c.count })) ?? [];
  const histogram = chartStats?.agreementHistogram.map((b) => ({ label: `${Math.round(b.bucket * 100)}%`, value: b.count })) ?? [];
  const confusionClasses = [...(manifest.data?.classes.map((c) => c.name) ?? []), "cannot label"];
  const confusion = labelAnalytics?.confusion;
  const absentClasses = confusion ? confusionClasses.filter((_, k) => !confusion.trueClasses.includes(k)) : [];
  const quality = labelAnalytics?.quality ?? [];
  const unresolved = chartStats?.unresolvedItems ?? [];

  const close = () =>
    run({
      explanation: {
        title: `Close task #${taskId} and refund`,
        summary: "Closes the task: no more claims or commits. Unearned budget and forfeited bonds are credited to you; withdraw them below.",
        facts: [{ label: "Refund", value: refund !== undefined ? `${formatExactAmount(refund, token.decimals)} ${token.symbol}` : "…" }],
        warning: t.batchesDone < t.batchCount ? `${t.batchCount - t.batchesDone} batches are not done; their remaining budget is refunded and they stop.` : undefined,
      },
      simulate: async () => client?.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "closeTask", args: [taskId] }),
      send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "closeTask", args: [taskId] }),
    });

  const revealGold = (g: GoldFile) =>
    run({
      explanation: {
        title: `Reveal ${g.items.length} gold answers`,
        summary: "Publishes the gold answers committed at creation; the contract checks them against the commitment, and the indexer scores annotators on them.",
        facts: [{ label: "Gold items", value: g.items.join(", ") }],
      },
      simulate: async () => client?.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "revealGold", args: [taskId, g.items, g.labels, g.salt] }),
      send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "revealGold", args: [taskId, g.items, g.labels, g.salt] }),
    });

  return (
    <main className="wide">
      <div className="page-head">
        <div>
          <div className="small muted">
            <Link to="/owner">Owner console</Link> / task #{taskId.toString()}
          </div>
          <h1>{manifest.data?.title ?? `Task #${taskId}`}</h1>
          <p>
            Owner <AddressLabel address={t.owner} you={isOwner} /> · {t.closed ? "closed" : timeLeft(t.deadline)} · <Link to={`/tasks/${taskId}`}>annotator view</Link>
          </p>
        </div>
        <div className="row">
          <TaskStateBadge task={t} now={now} />
        </div>
      </div>
      {/* A manifest that does not load or fit the task stops the label data too: its own alert below says why. */}
      {dataError && !manifest.error ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert
            tone="danger"
            title="The task's labels could not be read from the chain or IPFS"
            testId="dataset-source-error"
            action={
              <button type="button" className="btn sm" onClick={() => void data.refetch()}>
                Retry
              </button>
            }
          >
            {(dataError as Error).message} Charts, the annotator table and exports need them; the figures above come from the chain.
          </Alert>
        </div>
      ) : null}
      {manifest.error ? (
        <div style={{ marginBottom: "1rem" }}>
          <ManifestErrorAlert error={manifest.error} onRetry={manifest.retry} viewer="owner" />
        </div>
      ) : null}
      {stats.isError ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert tone="info" title="The indexer is unreachable: charts are computed in your browser from chain events.">Progress over time needs the indexer.</Alert>
        </div>
      ) : null}
      <div className="grid stats" style={{ marginBottom: "1rem" }}>
        <Stat label="Batches done" value={`${t.batchesDone}/${t.batchCount}`} sub={<Progress value={t.batchesDone} max={t.batchCount} label="Batches done" />} />
        <Stat label="Images resolved" value={itemsResolved !== undefined ? `${itemsResolved}/${t.itemCount}` : "…"} sub={itemsResolved !== undefined ? formatPercent(itemsResolved / t.itemCount) : ""} />
        <Stat label="Paid to annotators" value={`${formatAmount(t.paid, token.decimals)} ${token.symbol}`} sub={`of ${formatAmount(t.funded, token.decimals)} escrowed (${formatPercent(Number(t.paid) / Math.max(1, Number(t.funded)))})`} testId="spend" />
        <Stat label="Annotators" value={data.data ? quality.length : "…"} sub={stats.data ? `${stats.data.progressOverTime.at(-1)?.labelsRevealed ?? 0} labels revealed` : undefined} />
      </div>
      <Tabs<Tab>
        label="Dashboard sections"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "overview", label: "Overview" },
          { id: "quality", label: "Quality" },
          { id: "batches", label: "Batches" },
          { id: "settle", label: "Settle & export" },
        ]}
      >
        {tab === "overview" ? (
          <div className="grid two">
            <section className="card">
              <h2>Progress over time</h2>
              {stats.data ? (
                <LineChart
                  title="Images resolved over time"
                  points={stats.data.progressOverTime.map((p) => ({ x: p.timestamp, y: p.itemsResolved }))}
                  yLabel={`images resolved of ${t.itemCount}`}
                  yMax={t.itemCount}
                  from={t.createdAt}
                  to={t.closed ? undefined : Math.min(now, t.deadline)}
                />
              ) : (
                <p className="muted small">Needs the indexer.</p>
              )}
            </section>
            <section className="card">
              <h2>Spend vs budget</h2>
              <div className="stack">
                <Progress value={Number(t.paid)} max={Number(t.funded)} label="Spent of budget" />
                <dl className="facts">
                  <dt>Escrowed</dt>
                  <dd>{formatAmount(t.funded, token.decimals)} {token.symbol}</dd>
                  <dt>Paid</dt>
                  <dd>{formatAmount(t.paid, token.decimals)} {token.symbol}</dd>
                  <dt>Bonds forfeited</dt>
                  <dd>{t.bondsForfeited !== undefined ? `${formatAmount(t.bondsForfeited, token.decimals)} ${token.symbol}` : "…"}</dd>
                  <dt>Refund if closed now</dt>
                  <dd>{refund !== undefined ? `${formatAmount(refund, token.decimals)} ${token.symbol}` : "…"}</dd>
                </dl>
              </div>
            </section>
            <section className="card">
              <h2>Class distribution</h2>
              {dist.some((d) => d.value > 0) ? <BarChart title="Resolved images per consensus class" bars={dist} /> : data.isLoading ? <Skeleton height={160} /> : <p className="muted small">{emptyText("No image resolved yet.")}</p>}
            </section>
            <section className="card">
              <h2>Agreement</h2>
              <p className="small muted">Share of each resolved image's votes that match its consensus, in tenths: the 60% bar counts images at 60–69%, the 90% bar 90–100%.</p>
              {histogram.some((d) => d.value > 0) ? <BarChart title="Agreement histogram" bars={histogram} /> : data.isLoading ? <Skeleton height={160} /> : <p className="muted small">{emptyText("No image resolved yet.")}</p>}
            </section>
          </div>
        ) : null}
        {tab === "quality" ? (
          <div className="stack lg">
            <section className="card">
              <h2>Dawid-Skene confusion matrix</h2>
              <p className="small muted">Estimated P(label given | true class), weighted over annotators. Off-diagonal cells are systematic confusions.</p>
              {confusion && confusion.trueClasses.length > 0 ? (
                <div className="stack">
                  <Heatmap
                    title="Dawid-Skene confusion matrix"
                    rows={confusion.trueClasses.map((k) => confusionClasses[k] ?? String(k))}
                    columns={confusionClasses}
                    matrix={confusion.matrix}
                    rowTitle="true"
                    columnTitle="labelled"
                  />
                  {absentClasses.length > 0 ? (
                    <p className="small muted">
                      No row for {absentClasses.map((c) => `“${c}”`).join(", ")}: no image is estimated to be {absentClasses.length === 1 ? "that class" : "those classes"}.
                    </p>
                  ) : null}
                </div>
              ) : data.isLoading ? (
                <Skeleton height={200} />
              ) : (
                <p className="muted small">{emptyText("No revealed labels yet.")}</p>
              )}
            </section>
            <div className="grid two">
              <section className="card">
                <h2>Annotators</h2>
                <p className="small muted">On this task only: agreement with its consensus, and Dawid-Skene accuracy from the images two or more annotators labeled (profiles and the leaderboard count every task).</p>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>Annotator</th>
                        <th className="right">Labels</th>
                        <th className="right">Agreement</th>
                        <th className="right">DS accuracy</th>
                      </tr>
                    </thead>
                    <tbody>
                      {quality.map((q) => (
                        <tr key={q.address}>
                          <td>
                            <ProfileLink address={q.address} />
                          </td>
                          <td className="right num">{q.labels}</td>
                          <td className="right num" title={q.agreement === null ? "None of their images has a consensus yet" : undefined}>
                            {q.agreement === null ? "—" : formatPercent(q.agreement)}
                          </td>
                          <td className="right num" title={q.dsAccuracy === null ? "Every label is on an image nobody else labeled: nothing to estimate it from" : undefined}>
                            {q.dsAccuracy === null ? "—" : formatPercent(q.dsAccuracy)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
              <section className="card">
                <h2>Unresolved images</h2>
                <p className="small muted">Revealed but without consensus{t.maxRedundancy > t.redundancy ? "; they get extra labels in a new round" : ""}.</p>
                {unresolved.length ? (
                  <div className="row" style={{ gap: "0.5rem" }}>
                    {unresolved.slice(0, 40).map((u) => (
                      <ItemThumb key={u.item} index={u.item} cid={manifest.data?.items[u.item]?.cid ?? ""} />
                    ))}
                  </div>
                ) : (
                  <p className="muted small">None.</p>
                )}
              </section>
            </div>
            <GoldCheckCard hasGold={hasGold} source={source} ds={ds} ownCopy={gold} ownCopyFrom={goldFile ? "file" : "browser"} />
          </div>
        ) : null}
        {tab === "batches" ? (
          <section className="card">
            {pageFinalisable.length > 1 ? (
              <div className="row" style={{ justifyContent: "space-between", marginBottom: "0.5rem" }}>
                <span className="small muted">
                  {pageFinalisable.length} batches {t.batchCount > BATCH_PAGE_SIZE ? "on this page " : ""}can be settled now (reveals in, or the reveal window over): consensus, rewards, bonds.
                </span>
                <button type="button" className="btn sm primary" disabled={busy} onClick={exclusive(() => actions.finalise(taskId, pageFinalisable.map((b) => b.batchId), t.createdBlock))} data-testid="dashboard-finalise-all">
                  Finalise {pageFinalisable.length} batches
                </button>
              </div>
            ) : null}
            {t.batchCount > BATCH_PAGE_SIZE && t.pendingBatches > pageFinalisable.length ? (
              <FinaliseWholeTask
                taskId={taskId}
                batchCount={t.batchCount}
                pendingBatches={t.pendingBatches}
                revealWindow={t.revealWindow}
                createdBlock={t.createdBlock}
                now={now}
                busy={busy}
                exclusive={exclusive}
              />
            ) : null}
            <div className="table-wrap">
              <table data-testid="batch-table">
                <thead>
                  <tr>
                    <th>Batch</th>
                    <th>Phase</th>
                    <th>Round</th>
                    <th className="right">Committed</th>
                    <th className="right">Revealed</th>
                    <th className="right">Resolved</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {(phases.data ?? []).map((b) => (
                    <tr key={b.batchId}>
                      <td>#{b.batchId}</td>
                      <td>
                        <Badge tone={phaseTone[b.phase]}>{phaseName[b.phase]}</Badge>
                      </td>
                      <td>{b.round}</td>
                      <td className="right num">
                        {b.committed}/{b.slots}
                      </td>
                      <td className="right num">{b.revealed}</td>
                      <td className="right num">
                        {b.resolved}/{b.itemCount}
                      </td>
                      <td className="right">
                        {b.phase === 2 ? (
                          <button type="button" className={pageFinalisable.length > 1 ? "btn sm" : "btn sm primary"} disabled={busy} onClick={exclusive(() => actions.finalise(taskId, [b.batchId], t.createdBlock))} data-testid={`dashboard-finalise-${b.batchId}`}>
                            Finalise
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {phases.isLoading ? <Skeleton height={120} /> : null}
            {t.batchCount > BATCH_PAGE_SIZE ? (
              <div className="row small" style={{ justifyContent: "flex-end", gap: "0.4rem", marginTop: "0.5rem" }}>
                <button type="button" className="btn sm" disabled={batchPage === 0} onClick={() => setBatchPage(batchPage - 1)} aria-label="Previous batches">
                  ←
                </button>
                <span className="muted num" data-testid="batch-page">
                  batches {batchPage * BATCH_PAGE_SIZE}–{Math.min(t.batchCount, (batchPage + 1) * BATCH_PAGE_SIZE) - 1} of {t.batchCount}
                </span>
                <button type="button" className="btn sm" disabled={(batchPage + 1) * BATCH_PAGE_SIZE >= t.batchCount} onClick={() => setBatchPage(batchPage + 1)} aria-label="Next batches">
                  →
                </button>
              </div>
            ) : null}
          </section>
        ) : null}
        {tab === "settle" ? (
          <div className="grid two">
            <section className="card stack">
              <h2>Close and refund</h2>
              {t.closed ? (
                <Alert tone="ok" title="This task is closed" testId="task-closed">
                  Its unspent budget and forfeited bonds were credited to the owner{isOwner ? ": withdraw them under Your claimable refunds" : ""}. Labels and exports stay available.
                </Alert>
              ) : (
                <>
                  <p className="small muted">
                    Possible after the deadline ({formatDate(t.deadline)}) once no batch awaits finalisation, or as soon as every batch is done.
                  </p>
                  <dl className="facts">
                    <dt>Refund now</dt>
                    <dd>{refund !== undefined ? `${formatAmount(refund, token.decimals)} ${token.symbol}` : "…"}</dd>
                  </dl>
                  <div>
                    <button type="button" className="btn danger" disabled={!isOwner || !canClose || busy} onClick={exclusive(close)} data-testid="close-task">
                      Close task and refund
                    </button>
                    {!canClose ? <div className="tiny muted">Not yet: {now < t.deadline ? `deadline in ${timeLeft(t.deadline, now)}` : `${t.pendingBatches} batches await finalisation`}.</div> : null}
                    {!isOwner ? <div className="tiny muted">Only the task&apos;s owner can close it.</div> : null}
                  </div>
                </>
              )}
              {isOwner ? (
                <>
                  <h3>Your claimable refunds</h3>
                  <Earnings tokens={[t.token]} compact />
                </>
              ) : null}
            </section>
            <section className="card stack">
              <h2>Gold answers</h2>
              {!hasGold ? (
                <p className="muted small">This task has no gold items.</p>
              ) : t.goldRevealed ? (
                <Alert
                  tone="ok"
                  title="Gold answers revealed"
                  action={
                    <button type="button" className="btn sm" onClick={() => setTab("quality")} data-testid="open-gold-check">
                      Open the gold check
                    </button>
                  }
                >
                  The indexer scores annotators on them, and exported dataset cards state how many the consensus matches.
                </Alert>
              ) : (
                <>
                  <p className="small muted">{gold ? `${gold.items.length} gold answers ready (${goldFile ? "from your file" : "saved in this browser"}).` : "Load the gold file you downloaded when creating the task."}</p>
                  <div className="row">
                    <TextFileButton
                      onText={(text) => {
                        const parsed = parseGoldFile(text);
                        if (parsed.commitment.toLowerCase() !== t.goldCommitment.toLowerCase()) throw new Error("This gold file does not match the task's commitment.");
                        setGoldFile(parsed);
                        setGoldError(null);
                      }}
                      onError={setGoldError}
                    >
                      Load gold file…
                    </TextFileButton>
                    <button type="button" className="btn primary" disabled={!isOwner || !gold || busy || !goldRevealable} onClick={exclusive(async () => gold && revealGold(gold))} data-testid="reveal-gold">
                      Reveal gold
                    </button>
                  </div>
                  {goldRevealable ? null : (
                    <p className="small muted" data-testid="gold-wait">
                      Reveal them once labeling is over: after the deadline, when every batch is done, or once you close the task. Annotators could copy answers that are on chain while they still label.
                    </p>
                  )}
                  {goldError ? <Alert tone="danger" title={goldError} /> : null}
                </>
              )}
            </section>
            <section className="card stack" style={{ gridColumn: "1 / -1" }}>
              <h2>Export and publish</h2>
              <ExportPanel taskId={taskId} createdBlock={task.data?.createdBlock} source={source} ds={ds} isOwner={isOwner} sourceError={dataError} />
            </section>
          </div>
        ) : null}
      </Tabs>
    </main>
  );
}
