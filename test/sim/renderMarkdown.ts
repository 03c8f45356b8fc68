import { stat, type Stat } from "./stats.ts";
import type { SimulationReport } from "./runSimulation.ts";
import { fixedCounterpart } from "./scenarios.ts";

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const usd = (x: number) => (x < 0.01 ? `$${x.toExponential(2)}` : `$${x.toFixed(4)}`);
const int = (x: number) => Math.round(x).toLocaleString("en-US");
const pm = (s: Stat, digits: number) => `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;
/** Reputation on its own scale: the indexer's score is 0..1000, the sdk's agreement rate 0..1. */
/** A reputation as its source gives it: the indexer's 0..1000 score whole, the sdk's 0..1 agreement to three decimals. */
export const repValue = (x: number | undefined, fromIndexer: boolean) => (x === undefined || !Number.isFinite(x) ? "n/a" : fromIndexer ? x.toFixed(0) : x.toFixed(3));

/** The report as Markdown (test/sim/report/report.md). */
export function renderMarkdown(r: SimulationReport): string {
  const lines: string[] = [];
  lines.push("# Crowdlabel crowd simulation", "");
  lines.push(
    `Generated ${r.generatedAt} by \`pnpm simulate\` in ${r.seconds.toFixed(0)} s on ${r.machine.cpu} (${r.machine.cores} cores, ${r.machine.memoryGiB} GiB), Node ${r.machine.node}.`,
    "",
    "Real crowd labels replayed through the real stack: anvil (one transaction per block), the Crowdlabel contract (escrow, random batch",
    "assignment, commit/reveal, on-chain plurality consensus, adaptive rounds, payouts), task manifests uploaded to the embedded IPFS node,",
    "the indexer (started by the run, following the chain) for reputation, then the export source rebuilt from the chain's event logs",
    "(sdk `readDatasetSource`) and the sdk exporters (JSONL with Dawid-Skene columns). See test/sim/README.md for the method.",
    "",
    `Time: main replay ${r.timings.mainReplay.toFixed(0)} s, replicates ${r.timings.replicates.toFixed(0)} s, gas sweep ${r.timings.gasSweep.toFixed(0)} s, ` +
      `waiting for the indexer afterwards ${r.timings.indexerWait.toFixed(0)} s.`,
    "",
  );
  lines.push("## Quality bars", "", "```");
  for (const c of r.checks) lines.push(`${c.pass ? "PASS" : "FAIL"} ${c.name} — ${c.detail}`);
  lines.push("```", "");
  const sliced = r.datasets.filter((d) => d.subset);
  if (sliced.length > 0)
    lines.push(
      `Sliced run (${sliced.map((d) => `${d.name}: ${d.subset}`).join("; ")}): the READMEs' Dawid-Skene numbers and the bluebirds Spearman bar describe whole datasets, so those bars are not checked here.`,
      "",
    );
  if (r.missing.length) {
    lines.push("## Missing datasets", "");
    for (const m of r.missing) lines.push(`- **${m.name}**: ${m.message.replace(/\n+/g, " ")}`);
    lines.push("");
  }
  lines.push("## Datasets", "", "| dataset | items | workers | labels | design | identities on chain | source |", "|---|---:|---:|---:|---|---|---|");
  for (const d of r.datasets)
    lines.push(`| ${d.name} | ${d.items}${d.itemsWithTruth < d.items ? ` (${d.itemsWithTruth} with a ground truth: accuracies are over these)` : ""} | ${d.workers} | ${d.labels} | ${d.dense ? "dense" : "sparse"}${d.subset ? ` (${d.subset})` : ""} | ${d.dense ? "real workers" : "slot actors"} | \`${d.source}\` |`);
  lines.push("");

  lines.push("## Accuracy against ground truth", "");
  lines.push("| row | R | batch | consensus acc. | acc. on resolved | coverage | majority vote | exported Dawid-Skene | labels collected / used / paid |");
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const x of r.rows)
    lines.push(
      `| ${x.key} | ${x.redundancy} | ${x.kind === "hits" ? `1 per HIT (≤ ${x.batchSize})` : x.batchSize} | ${f3(x.consensusAccuracy)} | ${f3(x.consensusAccuracyResolved)} | ${f3(x.coverage)} | ${f3(x.mvAccuracy)} | ${f3(x.dsAccuracy)} | ${int(x.labelsCollected)} / ${int(x.labelsUsed)} / ${int(x.labelsPaid)} |`,
    );
  lines.push(
    "",
    "Consensus accuracy counts unresolved items as wrong. Majority vote: sdk `majorityVote`, ties to the lowest class, over every revealed label.",
    "Labels *collected* are all revealed labels (an extra round labels its whole batch), *used* are those the contract counted",
    "(rounds up to the one that resolved the item), *paid* are labels equal to consensus (`RewardCredited.agreed`).",
    "A row of several tasks over the same images (bluebirds all = 13+13+13: a task takes at most 15 labels per image) has one",
    "consensus per task, so its consensus accuracy and coverage are over task-images; majority vote and Dawid-Skene pool the",
    "tasks' labels per image, and the gas and cost tables below count each resolved image once.",
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
    const f = fixedCounterpart(r.rows, a);
    if (!f) continue;
    lines.push(
      `- **${a.dataset}** (main run): adaptive R=${a.redundancy} reached consensus accuracy ${f3(a.consensusAccuracy)} (fixed R=${top}: ${f3(f.consensusAccuracy)}) ` +
        `buying ${int(a.labelsPaid)} paid labels vs ${int(f.labelsPaid)} (${((1 - a.labelsPaid / f.labelsPaid) * 100).toFixed(1)}% fewer), ` +
        `${int(a.labelsUsed)} labels used vs ${int(f.labelsUsed)} (${((1 - a.labelsUsed / f.labelsUsed) * 100).toFixed(1)}% fewer), ` +
        `${int(a.labelsCollected)} labels collected vs ${int(f.labelsCollected)}; gas ${int(a.gas.total)} vs ${int(f.gas.total)}.`,
    );
  }
  lines.push("");
  if (r.replicates.length) {
    lines.push(
      "### Replicates",
      "",
      "Which worker labels which batch is decided by block hashes and the claim order, so one run is one draw. Replicate 0 is the main",
      "run above; replicate k > 0 replays the adaptive row and the single-task fixed rows (its counterpart among them) on a fresh chain whose genesis is k days later",
      "(other block hashes) with claim-order seeds + 1000k. **The adaptive PASS/FAIL line is a statistical test over the replicates**:",
      "adaptive mean accuracy not significantly below fixed (difference of means >= -1.96 standard errors) and adaptive mean paid labels",
      "below fixed. For the same workers in the same order the two designs give the same answer (an item stops only once a class holds a",
      "strict majority of R_max); they differ in which random workers label each batch, and one run's accuracy spreads widely:",
      "",
    );
    for (const x of r.replicates)
      if (x.expectation)
        lines.push(
          `- ${x.dataset}, off chain, ${x.expectation.draws} random worker draws of the same design: fixed ${pm(x.expectation.fixed, 3)}, adaptive ` +
            `${pm(x.expectation.adaptive, 3)} per draw; draws where the two answered any item differently: ${x.expectation.differingDraws}. ` +
            `With ${x.adaptive.consensusAccuracy.n} replicates the standard error of each on-chain mean is about ${(x.expectation.fixed.sd / Math.sqrt(x.adaptive.consensusAccuracy.n)).toFixed(3)}.`,
        );
    lines.push("");
    lines.push("| dataset | replicates | adaptive accuracy | fixed accuracy | adaptive labels paid | fixed labels paid | saving | adaptive labels used | fixed labels used | adaptive labels collected | fixed labels collected | time |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const x of r.replicates)
      lines.push(
        `| ${x.dataset} (${x.adaptiveKey.replace(/^\S+ /, "")} vs ${x.fixedKey.replace(/^\S+ /, "")}) | ${x.adaptive.consensusAccuracy.n} | ${pm(x.adaptive.consensusAccuracy, 3)} | ${pm(x.fixed.consensusAccuracy, 3)} | ` +
          `${pm(x.adaptive.labelsPaid, 1)} | ${pm(x.fixed.labelsPaid, 1)} | ${((1 - x.adaptive.labelsPaid.mean / x.fixed.labelsPaid.mean) * 100).toFixed(1)}% | ` +
          `${pm(x.adaptive.labelsUsed, 1)} | ${pm(x.fixed.labelsUsed, 1)} | ${pm(x.adaptive.labelsCollected, 1)} | ${pm(x.fixed.labelsCollected, 1)} | ${x.seconds.toFixed(0)} s |`,
      );
    const dsRows = r.replicates.flatMap((x) => Object.entries(x.fixedRows).map(([key, stats]) => ({ key, stats })));
    if (dsRows.length > 0) {
      lines.push("", "Exported Dawid-Skene accuracy of the replicated fixed rows (their bar is on this mean):", "", "| row | replicates | Dawid-Skene mean ± sd | consensus mean ± sd |", "|---|---:|---:|---:|");
      for (const { key, stats } of dsRows) lines.push(`| ${key} | ${stats.dsAccuracy.n} | ${pm(stats.dsAccuracy, 3)} | ${pm(stats.consensusAccuracy, 3)} |`);
      const expectations = r.replicates.flatMap((x) => Object.entries(x.dsExpectations ?? {}));
      if (expectations.length > 0) {
        lines.push(
          "",
          "What the same Dawid-Skene reaches off chain on these rows' data, over random worker draws (mean ± sd of one draw). *As replayed*:",
          "the replay's claim rounds (every worker asks for one slot per round and gets a random open batch, so workers get nearly equal",
          "numbers of batches), in the row's batches of B and with one image per batch. *Independent*: R random workers per batch, and per",
          "image (how the READMEs' \"R labels per image\" figures are usually drawn). The on-chain mean can only reach the bar if the",
          "as-replayed expectation does.",
          "",
          "| row | draws | as replayed, batches of B | independent, batches of B | as replayed, one image per batch | independent, per image |",
          "|---|---:|---:|---:|---:|---:|",
        );
        for (const [key, e] of expectations)
          lines.push(`| ${key} | ${e.draws} | ${pm(e.replayed, 3)} (B = ${e.batchSize}) | ${pm(e.batched, 3)} (B = ${e.batchSize}) | ${pm(e.replayedPerImage, 3)} | ${pm(e.perImage, 3)} |`);
      }
    }
    lines.push("", "Per replicate (accuracy / labels paid; the difference is paired: same chain, same replicate):", "", "| dataset | replicate | genesis | adaptive | fixed | accuracy adaptive − fixed |", "|---|---:|---:|---|---|---:|");
    for (const x of r.replicates) {
      for (const k of x.replicates)
        lines.push(
          `| ${x.dataset} | ${k.replicate} | ${k.genesisTimestamp} | ${f3(k.adaptive.consensusAccuracy)} / ${k.adaptive.labelsPaid} | ${f3(k.fixed.consensusAccuracy)} / ${k.fixed.labelsPaid} | ${(k.adaptive.consensusAccuracy - k.fixed.consensusAccuracy).toFixed(3)} |`,
        );
      lines.push(`| ${x.dataset} | mean ± sd | | | | ${pm(stat(x.replicates.map((k) => k.adaptive.consensusAccuracy - k.fixed.consensusAccuracy)), 3)} |`);
    }
    lines.push("");
  }

  if (r.gasSweep) {
    const g = r.gasSweep;
    lines.push(
      `## Gas per label against batch size (${g.dataset}, R=${g.redundancy})`,
      "",
      `The whole dataset replayed end to end at each batch size on a chain of its own (every claim request, assignment, commit, reveal and`,
      `finalisation of the task; ${g.seconds.toFixed(0)} s). The datasets force small batches in the rows above (4, 8 and 32 items); 256 is the protocol's default.`,
      "The forge column is `pnpm bench:gas` (contracts/README.md: one task, R = 3, three annotators, four batches).",
      "",
      "| batch size | txs | gas total | gas / label | forge gas / label | gas / resolved item | gas $ / item L2 | gas $ / item L1 | total $ / item L2 | consensus acc. | replay s |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const x of g.rows) {
      const forge = g.forge[x.batchSize];
      lines.push(
        `| ${x.batchSize}${x.batchSize === 256 ? " (default)" : ""} | ${int(x.gas.txs)} | ${int(x.gas.total)} | ${int(x.gas.perLabel)} | ${forge === undefined ? "—" : int(forge)} | ${int(x.gas.perResolvedItem)} | ` +
          `${usd(x.cost.gasUsdPerResolvedItem.l2)} | ${usd(x.cost.gasUsdPerResolvedItem.l1)} | ${usd(x.cost.totalUsdPerResolvedItem.l2)} | ${f3(x.consensusAccuracy)} | ${x.replaySeconds.toFixed(1)} |`,
      );
    }
    lines.push("");
  }

  lines.push("## Reputation against true worker accuracy", "");
  lines.push(
    "| dataset | workers | Spearman | Spearman of the indexer's quality (before n/(n+50)) | Spearman against true balanced accuracy | reputation source | identities |",
    "|---|---:|---:|---:|---:|---|---|",
  );
  for (const [name, rep] of Object.entries(r.reputation))
    lines.push(
      `| ${name} | ${rep.workers} | ${f3(rep.spearman)} | ${rep.spearmanQuality === undefined ? "—" : f3(rep.spearmanQuality)} | ${rep.spearmanBalanced === undefined ? "—" : f3(rep.spearmanBalanced)} | ${rep.source} | ${rep.identities} |`,
    );
  lines.push(
    "",
    "The indexer's score (indexer/README.md) mixes consensus agreement, peer prediction and Dawid-Skene skill and multiplies by",
    "n / (n + 50) over labels revealed, so a worker the contract happened to give fewer batches scores lower; the quality column leaves that factor out.",
    "The Dawid-Skene skill comes from one model per owner and number of classes, fitted over all of that owner's tasks. Each dataset is posted by",
    "an owner of its own, so each dataset's rows (every redundancy, the adaptive row, the HIT tasks) share one model, and a HIT task of about 16",
    "items with 3 annotators no longer stands alone.",
    "Sparse datasets: the scores are those of the HIT rows' accounts (one per real worker, across its HITs). True accuracy is plain accuracy (the bar's),",
    "which on d_product's imbalanced classes (7,304 vs 1,011 items) rewards leaning to the common class; the Dawid-Skene skill estimates chance-corrected",
    "balanced accuracy, so the balanced column shows how well the score tracks that instead (each worker's mean, over the true classes they labeled, of the share right).",
    "",
  );
  const components = Object.entries(r.reputation).filter(([, rep]) => rep.spearmanComponents);
  if (components.length > 0) {
    lines.push("Each quality component of the indexer's score on its own (Spearman against true accuracy, workers that have it):", "");
    lines.push("| dataset | consensus agreement | peer prediction | gold accuracy | Dawid-Skene skill |", "|---|---:|---:|---:|---:|");
    for (const [name, rep] of components) {
      const c = rep.spearmanComponents!;
      const cell = (x: { spearman: number; workers: number } | undefined) => (x ? `${f3(x.spearman)} (${x.workers})` : "—");
      lines.push(`| ${name} | ${cell(c.consensusAgreement)} | ${cell(c.peerPrediction)} | ${cell(c.goldAccuracy)} | ${cell(c.dsSkill)} |`);
    }
    lines.push("");
  }
  if (r.indexing) {
    const x = r.indexing;
    lines.push("### Indexer", "");
    if (x.error) lines.push(`The indexer did not start: ${x.error}`, "");
    else {
      lines.push(
        `Started by the run right after deployment (\`ponder start\`, PGlite, its own data dir; launched through test/stack's \`startIndexer\`); its API answered after ${x.readySeconds?.toFixed(1)} s.`,
        "It follows the chain while the replay runs (sharing the two cores), so the times below are when it got there, not pure indexing time.",
        "",
        "| up to the end of | block | contract events | replay done (s after launch) | indexed (s after launch) | events / s since the API answered |",
        "|---|---:|---:|---:|---:|---:|",
      );
      for (const d of x.datasets) {
        const rate = d.indexedAtSeconds === null || x.readySeconds === null ? "—" : (d.events / (d.indexedAtSeconds - x.readySeconds)).toFixed(0);
        lines.push(`| ${d.name} | ${int(d.block)} | ${int(d.events)} | ${d.replayedAtSeconds.toFixed(0)} | ${d.indexedAtSeconds === null ? "not reached" : d.indexedAtSeconds.toFixed(0)} | ${rate} |`);
      }
      lines.push("");
    }
  }

  for (const adv of r.adversaries) {
    lines.push(`## Adversaries (${adv.task})`, "");
    const fromIndexer = adv.reputationSource.startsWith("indexer");
    const rv = (x: number | undefined) => repValue(x, fromIndexer);
    lines.push(`Reputation: ${adv.reputationSource}. Honest workers in this task: ${adv.honest.accounts}, mean net ${adv.honest.meanNetPerSlot.toFixed(4)} tUSD per slot, reputation mean ${rv(adv.honest.meanReputation)}, median ${rv(adv.honest.medianReputation)}, min ${rv(adv.honest.minReputation)}.`, "");
    lines.push("| adversary | slots | labels revealed | earned tUSD | bonds forfeited | net tUSD | net / slot | vs honest / slot | final reputation | on-chain agreement by labels scored |");
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const a of adv.adversaries) {
      const traj = a.trajectory.map((t) => `${t.labelsScored}: ${t.reputation.toFixed(2)}`).join(", ") || "no label scored";
      const ratio = adv.honest.meanNetPerSlot === 0 ? "n/a" : `${((a.netPerSlot / adv.honest.meanNetPerSlot) * 100).toFixed(0)}%`;
      lines.push(`| ${a.id} | ${a.slots} | ${a.labelsRevealed} | ${a.earned.toFixed(4)} | ${a.bondsForfeited.toFixed(4)} | ${a.net.toFixed(4)} | ${a.netPerSlot.toFixed(4)} | ${ratio} | ${rv(a.finalReputation)} | ${traj} |`);
    }
    lines.push("");
  }

  lines.push("## Replay", "", "| row | tasks | iterations | time jumps | stuck batches | replay s |", "|---|---:|---:|---:|---:|---:|");
  for (const x of r.rows) lines.push(`| ${x.key} | ${x.tasks} | ${x.iterations} | ${x.timeJumps} | ${x.stuckBatches} | ${x.replaySeconds.toFixed(1)} |`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}
