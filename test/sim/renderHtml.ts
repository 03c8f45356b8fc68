import { marked } from "marked";
import type { AdversaryReport } from "./analyseDataset.ts";
import type { RowResult } from "./analyseRow.ts";
import type { SimulationReport } from "./runSimulation.ts";
import { renderMarkdown, repValue } from "./renderMarkdown.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const colours = { consensus: "#1f77b4", mv: "#ff7f0e", ds: "#2ca02c" } as const;

/** Grouped bars: consensus, majority vote and Dawid-Skene accuracy per row, on an axis from `floor` to 1. */
function accuracyChart(rows: readonly RowResult[]): string {
  const floor = 0.5;
  const barW = 14;
  const groupW = barW * 3 + 18;
  const h = 260;
  const left = 40;
  const width = left + rows.length * groupW + 20;
  const y = (v: number) => 20 + (1 - (Math.max(floor, Math.min(1, v)) - floor) / (1 - floor)) * (h - 40);
  const parts: string[] = [];
  for (let t = floor; t <= 1.0001; t += 0.1)
    parts.push(`<line x1="${left}" x2="${width}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="4" y="${y(t) + 4}" font-size="10">${t.toFixed(1)}</text>`);
  rows.forEach((r, i) => {
    const x0 = left + i * groupW + 6;
    ([["consensus", r.consensusAccuracy], ["mv", r.mvAccuracy], ["ds", r.dsAccuracy]] as const).forEach(([k, v], j) => {
      const top = y(v);
      parts.push(`<rect x="${x0 + j * barW}" y="${top}" width="${barW - 2}" height="${h - 20 - top}" fill="${colours[k]}"><title>${esc(r.key)} ${k}: ${v.toFixed(3)}</title></rect>`);
    });
    parts.push(`<text transform="translate(${x0 + 4},${h - 8}) rotate(-35)" font-size="9" text-anchor="end">${esc(r.key.replace(/^\S+ /, ""))}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h + 70}" viewBox="0 -0 ${width} ${h + 70}" style="overflow:visible">${parts.join("")}</svg>`;
}

/** Horizontal bars of gas per label, log-free (the rows differ by batch size and redundancy). */
function gasChart(rows: readonly RowResult[]): string {
  const max = Math.max(...rows.map((r) => r.gas.perLabel));
  const rowH = 18;
  const parts = rows.map((r, i) => {
    const w = (r.gas.perLabel / max) * 420;
    return `<text x="0" y="${i * rowH + 13}" font-size="11">${esc(r.key)}</text><rect x="230" y="${i * rowH + 3}" width="${w}" height="${rowH - 6}" fill="#9467bd"/><text x="${236 + w}" y="${i * rowH + 13}" font-size="11">${Math.round(r.gas.perLabel).toLocaleString("en-US")}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${rows.length * rowH + 10}">${parts.join("")}</svg>`;
}

/**
 * Labels paid per item (log scale) against accuracy, one point pair per fixed or adaptive row (on-chain consensus as
 * a circle, exported Dawid-Skene as a triangle): what each extra label buys, and where adaptive redundancy sits.
 * Row names stand in a column on the right, pushed apart so they never overlap, with a leader line to their points.
 */
function costQualityChart(rows: readonly RowResult[]): string {
  const plotted = rows.filter((r) => r.kind === "fixed" || r.kind === "adaptive");
  const w = 640;
  const h = 260;
  const left = 44;
  const right = w - 190;
  const bottom = h - 34;
  const floor = 0.5;
  const perItem = (r: RowResult) => r.labelsPaid / r.items;
  const maxExp = Math.ceil(Math.log2(Math.max(2, ...plotted.map(perItem)) * 1.05));
  const x = (v: number) => left + (Math.log2(Math.max(1, v)) / maxExp) * (right - left);
  const y = (v: number) => 10 + (1 - (Math.max(floor, Math.min(1, v)) - floor) / (1 - floor)) * (bottom - 10);
  const parts: string[] = [`<line x1="${left}" x2="${left}" y1="10" y2="${bottom}" stroke="#999"/><line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#999"/>`];
  for (let t = floor; t <= 1.0001; t += 0.1) parts.push(`<text x="6" y="${y(t) + 4}" font-size="10">${t.toFixed(1)}</text><line x1="${left}" x2="${right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
  for (let e = 0; e <= maxExp; e++) parts.push(`<text x="${x(2 ** e)}" y="${bottom + 14}" font-size="10" text-anchor="middle">${2 ** e}</text>`);
  parts.push(`<text x="${(left + right) / 2}" y="${h - 4}" font-size="11" text-anchor="middle">labels paid per item (log scale)</text>`);
  const labels = plotted
    .map((r) => ({ r, cx: x(perItem(r)), py: Math.min(y(r.consensusAccuracy), y(r.dsAccuracy)), colour: r.kind === "adaptive" ? "#d62728" : "#555" }))
    .sort((a, b) => a.py - b.py);
  let next = 0;
  for (const l of labels) {
    const ly = Math.max(l.py, next);
    next = ly + 12;
    const { r, cx, colour } = l;
    const tip = `${r.key}: ${perItem(r).toFixed(2)} labels paid per item, consensus ${r.consensusAccuracy.toFixed(3)}, Dawid-Skene ${r.dsAccuracy.toFixed(3)}`;
    const ty = y(r.dsAccuracy);
    parts.push(`<circle cx="${cx}" cy="${y(r.consensusAccuracy)}" r="4" fill="${colour}"><title>${esc(tip)}</title></circle>`);
    parts.push(`<path d="M${cx} ${ty - 5} L${cx + 5} ${ty + 4} L${cx - 5} ${ty + 4} Z" fill="none" stroke="${colour}"><title>${esc(tip)}</title></path>`);
    parts.push(`<line x1="${cx + 6}" y1="${l.py}" x2="${right + 8}" y2="${ly}" stroke="${colour}" stroke-width="0.5" stroke-dasharray="2 2"/>`);
    parts.push(`<text x="${right + 10}" y="${ly + 3}" font-size="10" fill="${colour}">${esc(r.key.replace(/^\S+ /, ""))}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${Math.max(h, next + 10)}">${parts.join("")}</svg>`;
}

/** Final reputation of each adversary against the honest workers of the same task (minimum, median, mean). */
function adversaryChart(report: AdversaryReport): string {
  const bars: [string, number, string][] = [
    ["honest: mean", report.honest.meanReputation, "#2ca02c"],
    ["honest: median", report.honest.medianReputation, "#2ca02c"],
    ["honest: lowest", report.honest.minReputation, "#98df8a"],
    ...report.adversaries.flatMap((a): [string, number, string][] => (a.finalReputation === undefined ? [] : [[a.id, a.finalReputation, "#d62728"]])),
  ];
  const fromIndexer = report.reputationSource.startsWith("indexer");
  const max = Math.max(1, ...bars.map(([, v]) => v));
  const rowH = 18;
  const parts = bars.map(([label, v, colour], i) => {
    const bw = (v / max) * 360;
    return `<text x="0" y="${i * rowH + 13}" font-size="11">${esc(label)}</text><rect x="150" y="${i * rowH + 3}" width="${bw}" height="${rowH - 6}" fill="${colour}"/><text x="${156 + bw}" y="${i * rowH + 13}" font-size="11">${repValue(v, fromIndexer)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${bars.length * rowH + 10}">${parts.join("")}</svg>`;
}

/** The Markdown report without its title and quality bars, which the page shows above. */
export function reportBody(markdown: string): string {
  return markdown.replace(/^# .*\n/, "").replace(/^## Quality bars\n[\s\S]*?(?=^## )/m, "");
}

/** A self-contained page: charts as inline SVG, then the Markdown report rendered (tables as tables). */
export function renderHtml(r: SimulationReport): string {
  const byDataset = new Map<string, RowResult[]>();
  for (const row of r.rows) byDataset.set(row.dataset, [...(byDataset.get(row.dataset) ?? []), row]);
  const charts = [...byDataset]
    .map(([name, rows]) => `<h3>${esc(name)}</h3>${accuracyChart(rows)}`)
    .join("\n");
  const costQuality = [...byDataset].map(([name, rows]) => `<h3>${esc(name)}</h3>${costQualityChart(rows)}`).join("\n");
  const checks = r.checks
    .map((c) => `<li class="${c.pass ? "pass" : "fail"}"><b>${c.pass ? "PASS" : "FAIL"}</b> ${esc(c.name)} — ${esc(c.detail)}</li>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crowdlabel crowd simulation</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}li.pass b{color:#080}li.fail b{color:#c00}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.report table{border-collapse:collapse;margin:0.5em 0 1em;font-size:12px}.report th,.report td{border:1px solid #ddd;padding:3px 6px;text-align:left}
.report th{background:#f3f3f3}.report code{background:#f6f6f6;padding:0 3px}.report{overflow-x:auto}</style></head>
<body><h1>Crowdlabel crowd simulation</h1>
<p>Generated ${esc(r.generatedAt)} on ${esc(r.machine.cpu)} (${r.machine.cores} cores, ${r.machine.memoryGiB} GiB), Node ${esc(r.machine.node)}; ${r.seconds.toFixed(0)} s.</p>
<h2>Quality bars</h2><ul>${checks}</ul>
<h2>Accuracy against ground truth</h2>
<p class="legend"><span style="background:${colours.consensus}"></span>on-chain consensus (unresolved = wrong)<span style="background:${colours.mv}"></span>majority vote<span style="background:${colours.ds}"></span>exported Dawid-Skene</p>
${charts}
<h2>Gas per label</h2>${gasChart(r.rows)}
${r.gasSweep ? `<h3>Against batch size (${esc(r.gasSweep.dataset)}, R=${r.gasSweep.redundancy})</h3>${gasChart(r.gasSweep.rows)}` : ""}
<h2>Labels bought against accuracy</h2>
<p class="legend">circle: on-chain consensus, triangle: exported Dawid-Skene; <span style="background:#555"></span>fixed R<span style="background:#d62728"></span>adaptive (main run; the replicated means are in the report below)</p>
${costQuality}
${r.adversaries.map((a) => `<h2>Reputation of adversaries (${esc(a.task)})</h2><p>${esc(a.reputationSource)}</p>${adversaryChart(a)}`).join("\n")}
<h2>Full report</h2>
<div class="report">${marked.parse(reportBody(renderMarkdown(r)), { async: false })}</div>
</body></html>
`;
}
