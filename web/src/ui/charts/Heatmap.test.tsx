import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/react";
import { contrastRatio, parseColour, readableTextOn } from "../colour.ts";
import { Heatmap } from "./Heatmap.tsx";

afterEach(cleanup);

describe("Heatmap cell text", () => {
  it("picks black or white by contrast, reaching 4.5:1 on every shade of the ramp in both themes", () => {
    for (const [accent, surface] of [
      ["#4f46e5", "#ffffff"],
      ["#818cf8", "#17171b"],
    ] as const) {
      const a = parseColour(accent)!;
      const s = parseColour(surface)!;
      for (let pct = 0; pct <= 85; pct++) {
        const bg = [0, 1, 2].map((i) => Math.round(a[i]! * (pct / 100) + s[i]! * (1 - pct / 100))) as [number, number, number];
        expect(contrastRatio(bg, parseColour(readableTextOn(bg))!), `${accent} ${pct}%`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("renders every cell with text that reaches 4.5:1 on its background (mid-tone cells are no longer white on indigo)", () => {
    const { container } = render(<Heatmap title="m" rows={["a", "b"]} columns={["a", "b"]} matrix={[[1, 0.65], [0.3, 0]]} rowTitle="true" columnTitle="labelled" />);
    const cells = Array.from(container.querySelectorAll("td"));
    expect(cells).toHaveLength(4);
    for (const td of cells) {
      const bg = parseColour(td.style.background);
      const fg = parseColour(td.style.color);
      expect(bg, td.title).toBeDefined();
      expect(contrastRatio(bg!, fg!), td.title).toBeGreaterThanOrEqual(4.5);
    }
  });
});
