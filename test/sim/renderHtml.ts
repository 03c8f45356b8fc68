import type { RowResult } from "./analyseRow.ts";
import type { SimulationReport } from "./runSimulation.ts";
import { renderMarkdown } from "./renderMarkdown.ts";

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

/** A self-contained page: charts as inline SVG, then the Markdown report as preformatted text. */
export function renderHtml(r: SimulationReport): string {
  const byDataset = new Map<string, RowResult[]>();
  for (const row of r.rows) byDataset.set(row.dataset, [...(byDataset.get(row.dataset) ?? []), row]);
  const charts = [...byDataset]
    .map(([name, rows]) => `<h3>${esc(name)}</h3>${accuracyChart(rows)}`)
    .join("\n");
  const checks = r.checks
    .map((c) => `<li class="${c.pass ? "pass" : "fail"}"><b>${c.pass ? "PASS" : "FAIL"}</b> ${esc(c.name)} — ${esc(c.detail)}</li>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crowdlabel crowd simulation</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}li.pass b{color:#080}li.fail b{color:#c00}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}</style></head>
<body><h1>Crowdlabel crowd simulation</h1>
<p>Generated ${esc(r.generatedAt)} on ${esc(r.machine.cpu)} (${r.machine.cores} cores, ${r.machine.memoryGiB} GiB), Node ${esc(r.machine.node)}; ${r.seconds.toFixed(0)} s.</p>
<h2>Quality bars</h2><ul>${checks}</ul>
<h2>Accuracy against ground truth</h2>
<p class="legend"><span style="background:${colours.consensus}"></span>on-chain consensus (unresolved = wrong)<span style="background:${colours.mv}"></span>majority vote<span style="background:${colours.ds}"></span>exported Dawid-Skene</p>
${charts}
<h2>Gas per label</h2>${gasChart(r.rows)}
${r.gasSweep ? `<h3>Against batch size (${esc(r.gasSweep.dataset)}, R=${r.gasSweep.redundancy})</h3>${gasChart(r.gasSweep.rows)}` : ""}
<h2>Full report</h2><pre>${esc(renderMarkdown(r))}</pre>
</body></html>
`;
}
