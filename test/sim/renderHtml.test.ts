import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHtml, reportBody } from "./renderHtml.ts";
import { renderMarkdown } from "./renderMarkdown.ts";
import type { SimulationReport } from "./runSimulation.ts";

// The committed report of the last `pnpm bench` (test/sim/report/report.json) rendered again.
const report = JSON.parse(readFileSync(new URL("./report/report.json", import.meta.url), "utf8")) as SimulationReport;
const html = renderHtml(report);
const count = (needle: string | RegExp) => html.split(needle).length - 1;

describe("renderHtml", () => {
  it("renders every Markdown table of the report as an HTML table, and the quality bars once", () => {
    const tables = reportBody(renderMarkdown(report))
      .split("\n")
      .filter((line) => /^\|(\s*:?-+:?\s*\|)+$/.test(line)).length;
    expect(tables).toBeGreaterThan(5);
    expect(count("<table>")).toBe(tables);
    expect(html).not.toMatch(/^\|[-:|]+\|$/m);
    expect(count("<b>FAIL</b>")).toBe(report.checks.filter((c) => !c.pass).length);
    expect(count("<b>PASS</b>")).toBe(report.checks.filter((c) => c.pass).length);
    expect(html).not.toContain("PASS bluebirds");
  });

  it("plots labels paid against accuracy for every fixed and adaptive row, two marks each", () => {
    const plotted = report.rows.filter((r) => r.kind === "fixed" || r.kind === "adaptive");
    expect(count("<circle ")).toBe(plotted.length);
    for (const r of plotted) expect(html).toContain(`${r.key}: ${(r.labelsPaid / r.items).toFixed(2)} labels paid per item, consensus ${r.consensusAccuracy.toFixed(3)}`);
  });

  it("charts each adversary's final reputation beside the honest workers'", () => {
    for (const a of report.adversaries)
      for (const adversary of a.adversaries) if (adversary.finalReputation !== undefined) expect(html).toMatch(new RegExp(`>${adversary.id}</text><rect[^>]*/><text[^>]*>${Math.round(adversary.finalReputation)}<`));
    expect(html).toContain(">honest: median</text>");
  });
});
