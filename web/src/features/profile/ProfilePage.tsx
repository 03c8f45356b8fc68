import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAccount, useReadContract } from "wagmi";
import { getAddress, isAddress, type Address } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { useShallow } from "zustand/react/shallow";
import { getConfig } from "../../config/appConfig.ts";
import { indexer } from "../../lib/indexer.ts";
import { useIndexerQuery } from "../tasks/queries.ts";
import { downloadBlob } from "../../lib/download.ts";
import { usePendingReveals } from "../labeling/useMyWork.ts";
import { useAnnotatorActions } from "../labeling/useAnnotatorActions.ts";
import { useRevealStore } from "../labeling/useRevealStore.ts";
import { importSummary, parseRevealBackup, revealBackupJson } from "../labeling/revealBackup.ts";
import { useTxStore } from "../transactions/useTxStore.ts";
import { Earnings } from "./Earnings.tsx";
import { HistoryCard } from "./HistoryCard.tsx";
import { ReputationBreakdown } from "./ReputationBreakdown.tsx";
import { SkillPools } from "./SkillPools.tsx";
import { Alert } from "../../ui/Alert.tsx";
import { AddressLabel } from "../../ui/Address.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { Stat } from "../../ui/Stat.tsx";
import { TextFileButton } from "../../ui/TextFileButton.tsx";
import { formatPercent } from "../../ui/format.ts";
import { useOneAtATime } from "../../ui/useOneAtATime.ts";

export function ProfilePage() {
  const params = useParams();
  const { address: connected } = useAccount();
  const target = params.address && isAddress(params.address) ? getAddress(params.address) : connected;
  const own = !!connected && !!target && connected.toLowerCase() === target.toLowerCase();
  const config = getConfig();
  const profile = useIndexerQuery("profile", target, indexer.annotator);
  const counters = useReadContract({
    address: config.crowdlabel,
    abi: crowdlabelAbi,
    functionName: "annotatorStats",
    args: target ? [target] : undefined,
    query: { enabled: !!target, refetchInterval: 5000 },
  });
  if (!target)
    return (
      <main>
        <div className="card">
          <EmptyState title="Connect a wallet to see your profile">Or open someone's profile from the leaderboard.</EmptyState>
        </div>
      </main>
    );
  const p = profile.data;
  const [revealed, agreed] = counters.data ?? [undefined, undefined];
  const tokens = [config.token, ...((p?.claimable ?? []).map((c) => c.token) as Address[]), ...((p?.earnings ?? []).map((e) => e.token) as Address[])];
  return (
    <main>
      <div className="page-head">
        <div>
          <h1>{own ? "Your profile" : "Annotator"}</h1>
          <p>
            <AddressLabel address={target} you={own} />
          </p>
        </div>
      </div>
      {profile.isError ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert tone="info" title="The indexer is unreachable: showing on-chain counters and balances only." />
        </div>
      ) : null}
      <div className="grid stats" style={{ marginBottom: "1rem" }}>
        <Stat
          label="Reputation score"
          value={p ? Math.round(p.reputation.score) : "–"}
          sub={p?.leaderboardRank ? <Link to="/leaderboard">#{p.leaderboardRank} of {p.leaderboardSize} on the leaderboard</Link> : "indexer"}
          testId="reputation-score"
        />
        <Stat label="Labels revealed" value={revealed !== undefined ? Number(revealed) : "…"} sub="on-chain counter" />
        <Stat label="Agreement with consensus" value={revealed ? formatPercent(Number(agreed) / Number(revealed), 1) : "–"} sub={`${agreed ?? 0} agreeing labels (chain)`} />
        <Stat label="Tasks worked" value={p?.tasksWorked ?? "–"} sub={p ? forfeitedText(p.bondsForfeited ?? 0) : undefined} testId="tasks-worked" />
      </div>
      {/* Two columns of stacked cards, so a short card does not leave a gap the height of its neighbour. */}
      <div className="grid two" style={{ alignItems: "start" }}>
        <div className="grid-column">
          <section className="card">
            <h2>Claimable earnings</h2>
            <Earnings tokens={tokens} account={target} />
          </section>
          {own ? <PendingReveals /> : null}
          {own ? <Activity /> : null}
        </div>
        <div className="grid-column">
          <section className="card stack">
            <h2>Reputation breakdown</h2>
            {p && (p.reputation.breakdown.labelsRevealed ?? 0) > 0 ? <ReputationBreakdown reputation={p.reputation} /> : <p className="muted small">Appears once a batch {own ? "you" : "they"} labelled is finalised.</p>}
            <SkillPools pools={p?.skillPools ?? []} />
          </section>
          {own ? <HistoryCard address={target} profile={p} loading={profile.isLoading} wide={false} /> : null}
        </div>
        {own ? null : <HistoryCard address={target} profile={p} loading={profile.isLoading} wide />}
      </div>
    </main>
  );
}

function PendingReveals() {
  const pending = usePendingReveals(() => undefined);
  const actions = useAnnotatorActions();
  const { address } = useAccount();
  const config = getConfig();
  const records = useRevealStore(useShallow((s) => Object.values(s.records).filter((r) => r.deploymentId === config.deploymentId && address && r.annotator.toLowerCase() === address.toLowerCase())));
  const importRecords = useRevealStore((s) => s.importRecords);
  const [message, setMessage] = useState<string | null>(null);
  const { running, run: oneAtATime } = useOneAtATime();
  const revealing = running !== null;
  const ready = (pending.data ?? []).filter((p) => p.matches);
  const mismatched = (pending.data ?? []).filter((p) => !p.matches);
  return (
    <section className="card stack" data-testid="pending-reveals">
      <h2>Pending reveals</h2>
      {ready.length ? (
        <>
          <p className="small">
            {ready.length} batch{ready.length > 1 ? "es" : ""} ready to reveal: {ready.map((p) => `#${p.record.taskId}/${p.record.batchId}`).join(", ")}
          </p>
          <div>
            <button
              type="button"
              className="btn primary"
              disabled={revealing}
              onClick={() =>
                oneAtATime(true, async () => {
                  try {
                    await actions.reveal(ready.map((p) => p.record));
                  } finally {
                    void pending.refetch();
                  }
                })
              }
              data-testid="profile-reveal-all"
            >
              {revealing ? "Revealing…" : `Reveal all pending (${ready.length}) in one transaction`}
            </button>
          </div>
        </>
      ) : (
        <p className="muted small">Nothing to reveal right now. Batches appear here when their reveal opens.</p>
      )}
      {mismatched.length ? (
        <Alert tone="danger" title={`${mismatched.length} saved reveal(s) do not match the commitment on chain`}>
          The labels saved here differ from what was committed. Import the backup from the device you labelled on.
        </Alert>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="btn sm"
          disabled={records.length === 0}
          onClick={() => downloadBlob(revealBackupJson(records), `crowdlabel-reveals-${address?.slice(0, 8)}.json`, "application/json")}
        >
          Download reveal backup ({records.length})
        </button>
        <TextFileButton
          className="btn sm"
          onText={(text) => {
            const parsed = parseRevealBackup(text, config.deploymentId);
            setMessage(importSummary({ parsed, changed: importRecords(parsed.records), account: address }));
          }}
          onError={setMessage}
        >
          Import backup…
        </TextFileButton>
      </div>
      <p className="tiny muted" style={{ margin: 0 }}>
        Salts can be re-derived from your wallet signature on any device; the labels themselves live only here and in this backup.
      </p>
      {message ? <p className="small">{message}</p> : null}
    </section>
  );
}

function Activity() {
  const txs = useTxStore((s) => s.txs);
  const clear = useTxStore((s) => s.clear);
  return (
    <section className="card">
      <div className="row between">
        <h2 style={{ margin: 0 }}>Activity</h2>
        {txs.length ? (
          <button type="button" className="btn ghost sm" onClick={clear}>
            Clear
          </button>
        ) : null}
      </div>
      {txs.length ? (
        <ul className="stack" style={{ listStyle: "none", padding: 0, margin: "0.75rem 0 0" }}>
          {txs.slice(0, 15).map((t) => (
            <li key={t.id} className="row between small activity-row">
              <span>
                {t.title}
                {t.error ? <span className="muted"> — {t.error.title}</span> : null}
              </span>
              <Badge tone={t.status === "confirmed" ? "ok" : t.status === "failed" ? "danger" : "warn"}>{t.status}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Transactions you send from this browser appear here.</p>
      )}
    </section>
  );
}

/** Slot bonds lost to claims left uncommitted, labels never revealed and lapsed requests: a reliability signal. */
function forfeitedText(count: number): string {
  return count === 0 ? "no bonds forfeited" : `${count} slot bond${count === 1 ? "" : "s"} forfeited`;
}
