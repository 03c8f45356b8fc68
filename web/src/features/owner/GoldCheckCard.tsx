import { useMemo } from "react";
import { unpackLabels, type DatasetSource, type DawidSkeneResult } from "@crowdlabel/sdk";
import { ProfileLink } from "../../ui/Address.tsx";
import { Stat } from "../../ui/Stat.tsx";
import { formatPercent } from "../../ui/format.ts";
import type { GoldFile } from "@crowdlabel/sdk";
import { goldCheck } from "./taskAnalytics.ts";

const ratio = (correct: number, total: number) => (total > 0 ? `${correct}/${total}` : "–");

/**
 * The task's labels checked against the owner's gold answers: the one direct measure of the dataset's accuracy.
 * Once revealed the answers come from the chain (`source.gold`); before, from the owner's own copy (`ownCopy`, a
 * loaded file or the one saved in this browser), checked here so they stay private.
 */
export function GoldCheckCard({
  hasGold,
  source,
  ds,
  ownCopy,
  ownCopyFrom,
}: {
  hasGold: boolean;
  source: DatasetSource | undefined;
  ds: DawidSkeneResult | undefined;
  ownCopy: GoldFile | undefined;
  ownCopyFrom: "file" | "browser";
}) {
  // It walks every label: once per fetch of the label data, not on every block's re-render of the dashboard.
  const result = useMemo(() => {
    const gold = source?.gold ?? (ownCopy ? { items: ownCopy.items, labels: unpackLabels(ownCopy.labels) } : undefined);
    return source && gold ? { gold, check: goldCheck(source, ds, gold) } : undefined;
  }, [source, ds, ownCopy]);
  if (!hasGold)
    return (
      <section className="card" data-testid="gold-check">
        <h2>Gold check</h2>
        <p className="muted small">This task has no gold images. Answer a few images yourself when you create a task, and this card measures the consensus against them.</p>
      </section>
    );
  if (!result)
    return (
      <section className="card" data-testid="gold-check">
        <h2>Gold check</h2>
        <p className="muted small">
          {source ? "Load the gold file you downloaded at creation (Settle & export), or reveal the answers, to check the labels against them." : "Waiting for the task's labels…"}
        </p>
      </section>
    );
  const { gold, check } = result;
  const origin = source?.gold ? "chain" : ownCopyFrom;
  return (
    <section className="card stack" data-testid="gold-check">
      <h2>Gold check</h2>
      <p className="small muted">
        {gold.items.length} gold image{gold.items.length === 1 ? "" : "s"}, {check.labelled} labelled so far.{" "}
        {origin === "chain" ? "Answers as revealed on chain." : `Answers from ${origin === "file" ? "your gold file" : "this browser"}: the check runs here and the answers stay private until you reveal them.`}
      </p>
      <div className="grid stats">
        <Stat label="Consensus right" value={ratio(check.consensusCorrect, check.resolved)} sub={check.resolved > 0 ? `${formatPercent(check.consensusCorrect / check.resolved)} of resolved gold images` : "no gold image resolved yet"} testId="gold-consensus" />
        {check.dsCorrect !== null ? (
          <Stat label="Dawid-Skene right" value={ratio(check.dsCorrect, check.labelled)} sub={check.labelled > 0 ? `${formatPercent(check.dsCorrect / check.labelled)} of labelled gold images` : "no gold image labelled yet"} testId="gold-ds" />
        ) : null}
      </div>
      {check.annotators.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="gold-annotators">
            <thead>
              <tr>
                <th>Annotator</th>
                <th className="right">Right on gold</th>
                <th className="right">Accuracy</th>
              </tr>
            </thead>
            <tbody>
              {check.annotators.map((a) => (
                <tr key={a.address}>
                  <td>
                    <ProfileLink address={a.address} />
                  </td>
                  <td className="right num">
                    {a.correct} of {a.labels}
                  </td>
                  <td className="right num">{formatPercent(a.correct / a.labels)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
