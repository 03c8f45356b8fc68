import type { SimulationReport } from "./runSimulation.ts";

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const usd = (x: number) => (x < 0.01 ? `$${x.toExponential(2)}` : `$${x.toFixed(4)}`);
const int = (x: number) => Math.round(x).toLocaleString("en-US");

/** The report as Markdown (test/sim/report/report.md). */
export function renderMarkdown(r: SimulationReport): string {
  const lines: string[] = [];
  lines.push("# Crowdlabel crowd simulation", "");
  lines.push(
    `Generated ${r.generatedAt} by \`pnpm simulate\` in ${r.seconds.toFixed(0)} s on ${r.machine.cpu} (${r.machine.cores} cores, ${r.machine.memoryGiB} GiB), Node ${r.machine.node}.`,
    "",
    "Real crowd labels replayed through the real stack: anvil (automine), the Crowdlabel contract (escrow, random batch",
    "assignment, commit/reveal, on-chain plurality consensus, adaptive rounds, payouts), then the export source rebuilt",
    "from the chain's event logs and the sdk exporters (JSONL with Dawid-Skene columns). See test/sim/README.md for the method.",
    "",
  );
  lines.push("## Quality bars", "", "```");
  for (const c of r.checks) lines.push(`${c.pass ? "PASS" : "FAIL"} ${c.name} — ${c.detail}`);
  lines.push("```", "");
  if (r.missing.length) {
    lines.push("## Missing datasets", "");
    for (const m of r.missing) lines.push(`- **${m.name}**: ${m.message.replace(/\n+/g, " ")}`);
    lines.push("");
  }
  lines.push("## Datasets", "", "| dataset | items | workers | labels | design | identities on chain | source |", "|---|---:|---:|---:|---|---|---|");
  for (const d of r.datasets)
    lines.push(`| ${d.name} | ${d.items} | ${d.workers} | ${d.labels} | ${d.dense ? "dense" : "sparse"}${d.subset ? ` (${d.subset})` : ""} | ${d.dense ? "real workers" : "slot actors"} | \`${d.source}\` |`);
  lines.push("");

  lines.push("## Accuracy against ground truth", "");
  lines.push("| row | R | batch | consensus acc. | acc. on resolved | coverage | majority vote | exported Dawid-Skene | labels collected / used / paid |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const x of r.rows)
    lines.push(
      `| ${x.key} | ${x.redundancy} | ${x.batchSize} | ${f3(x.consensusAccuracy)} | ${f3(x.consensusAccuracyResolved)} | ${f3(x.coverage)} | ${f3(x.mvAccuracy)} | ${f3(x.dsAccuracy)} | ${int(x.labelsCollected)} / ${int(x.labelsUsed)} / ${int(x.labelsPaid)} |`,
    );
  lines.push(
    "",
    "Consensus accuracy counts unresolved items as wrong. Majority vote: sdk `majorityVote`, ties to the lowest class, over every revealed label.",
    "Labels *collected* are all revealed labels (an extra round labels its whole batch), *used* are those the contract counted",
    "(rounds up to the one that resolved the item), *paid* are labels equal to consensus (`RewardCredited.agreed`).",
    "",
  );

  lines.push("## Gas and cost", "");
  lines.push(
    `Gas from the receipts of every transaction of the task (createTask, requestClaim, assign, commit, reveal, finalise, closeTask; funding excluded). ` +
      `Cost per resolved item at ${r.prices.gasGwei.l2} gwei (an L2 such as Base, execution gas only) and ${r.prices.gasGwei.l1} gwei (Ethereum L1), ETH = $${r.prices.ethUsd}; rewards at $${r.prices.rewardPerLabelUsd} per agreeing label.`,
    "",
  );
  lines.push("| row | txs | gas total | gas / label | gas / resolved item | gas $ / item L2 | gas $ / item L1 | rewards $ / item | total $ / item L2 | total $ / item L1 |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const x of r.rows)
    lines.push(
      `| ${x.key} | ${int(x.gas.txs)} | ${int(x.gas.total)} | ${int(x.gas.perLabel)} | ${int(x.gas.perResolvedItem)} | ${usd(x.cost.gasUsdPerResolvedItem.l2)} | ${usd(x.cost.gasUsdPerResolvedItem.l1)} | ${usd(x.cost.rewardUsdPerResolvedItem)} | ${usd(x.cost.totalUsdPerResolvedItem.l2)} | ${usd(x.cost.totalUsdPerResolvedItem.l1)} |`,
    );
  lines.push("", "Gas by step (share of the row's gas):", "");
  lines.push("| row | " + ["createTask", "requestClaim", "assign", "commit", "reveal", "finalise", "closeTask"].join(" | ") + " |");
  lines.push("|---|" + "---:|".repeat(7));
  for (const x of r.rows) {
    const share = (p: keyof typeof x.gas.byPhase) => `${(((x.gas.byPhase[p] ?? 0) / x.gas.total) * 100).toFixed(1)}%`;
    lines.push(`| ${x.key} | ${(["createTask", "requestClaim", "assign", "commit", "reveal", "finalise", "closeTask"] as const).map(share).join(" | ")} |`);
  }
  lines.push("");

  lines.push("## Adaptive redundancy", "");
  for (const a of r.rows.filter((x) => x.kind === "adaptive")) {
    const top = a.redundancy.split("..")[1];
    const f = r.rows.find((x) => x.dataset === a.dataset && x.kind === "fixed" && x.redundancy.split(" ")[0] === top);
    if (!f) continue;
    lines.push(
      `- **${a.dataset}**: adaptive R=${a.redundancy} reached consensus accuracy ${f3(a.consensusAccuracy)} (fixed R=${top}: ${f3(f.consensusAccuracy)}) ` +
        `buying ${int(a.labelsPaid)} paid labels vs ${int(f.labelsPaid)} (${((1 - a.labelsPaid / f.labelsPaid) * 100).toFixed(1)}% fewer), ` +
        `${int(a.labelsUsed)} labels used vs ${int(f.labelsUsed)} (${((1 - a.labelsUsed / f.labelsUsed) * 100).toFixed(1)}% fewer), ` +
        `${int(a.labelsCollected)} labels collected vs ${int(f.labelsCollected)}; gas ${int(a.gas.total)} vs ${int(f.gas.total)}.`,
    );
  }
  lines.push("");

  lines.push("## Reputation against true worker accuracy", "");
  lines.push("| dataset | workers | Spearman | reputation source | identities |", "|---|---:|---:|---|---|");
  for (const [name, rep] of Object.entries(r.reputation)) lines.push(`| ${name} | ${rep.workers} | ${f3(rep.spearman)} | ${rep.source} | ${rep.identities} |`);
  lines.push("");

  for (const adv of r.adversaries) {
    lines.push(`## Adversaries (${adv.task})`, "");
    lines.push(`Reputation: ${adv.reputationSource}. Honest workers in this task: ${adv.honest.accounts}, mean net ${adv.honest.meanNetPerSlot.toFixed(4)} tUSD per slot, reputation mean ${f3(adv.honest.meanReputation)}, median ${f3(adv.honest.medianReputation)}, min ${f3(adv.honest.minReputation)}.`, "");
    lines.push("| adversary | slots | labels revealed | earned tUSD | bonds forfeited | net tUSD | net / slot | vs honest / slot | final reputation | on-chain agreement by labels scored |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const a of adv.adversaries) {
      const traj = a.trajectory.map((t) => `${t.labelsScored}: ${t.reputation.toFixed(2)}`).join(", ") || "no label scored";
      const ratio = adv.honest.meanNetPerSlot === 0 ? "n/a" : `${((a.netPerSlot / adv.honest.meanNetPerSlot) * 100).toFixed(0)}%`;
      lines.push(`| ${a.id} | ${a.slots} | ${a.labelsRevealed} | ${a.earned.toFixed(4)} | ${a.bondsForfeited.toFixed(4)} | ${a.net.toFixed(4)} | ${a.netPerSlot.toFixed(4)} | ${ratio} | ${f3(a.finalReputation ?? Number.NaN)} | ${traj} |`);
    }
    lines.push("");
  }

  lines.push("## Replay", "", "| row | tasks | iterations | time jumps | stuck batches | replay s |", "|---|---:|---:|---:|---:|---:|");
  for (const x of r.rows) lines.push(`| ${x.key} | ${x.tasks} | ${x.iterations} | ${x.timeJumps} | ${x.stuckBatches} | ${x.replaySeconds.toFixed(1)} |`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}
