import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/react";
import { LineChart, timeTickFormat } from "./LineChart.tsx";

afterEach(cleanup);

const t0 = Date.UTC(2026, 10, 27, 9, 0, 0) / 1000;

describe("LineChart", () => {
  it("steps from 0 at the task's creation through each point and on to now, scaled to yMax", () => {
    const { container } = render(<LineChart title="Resolved" points={[{ x: t0 + 30, y: 4 }]} yMax={8} from={t0} to={t0 + 60} />);
    const line = container.querySelector("path.line")!.getAttribute("d")!;
    // from (x=44, y=0) across to the finalisation, up to 4 of 8 (half the plot height), across to now
    expect(line).toBe("M44.0,162.0 H235.0 V92.0 H426.0 V92.0");
    expect([...container.querySelectorAll("text")].map((t) => t.textContent).slice(0, 3)).toEqual(["0", "4", "8"]);
    expect(container.querySelector("svg")!.getAttribute("aria-label")).toMatch(/^Resolved: 4 of 8 by /);
  });

  it("holds the last total to the right edge when the span is padded to a minute (anvil's clock stands still between blocks)", () => {
    const { container } = render(<LineChart title="Resolved" points={[{ x: t0 + 30, y: 6 }]} yMax={6} from={t0} to={t0 + 30} />);
    expect(container.querySelector("path.line")!.getAttribute("d")).toBe("M44.0,162.0 H235.0 V22.0 H426.0 V22.0");
  });

  it("labels a span of seconds with seconds, so the two ends of a fast task differ", () => {
    const short = timeTickFormat(60);
    expect(short(t0)).not.toBe(short(t0 + 50));
    expect(timeTickFormat(3 * 86_400)(t0)).toMatch(/Nov/);
  });

  it("says why it is empty instead of drawing nothing", () => {
    const { container } = render(<LineChart title="Resolved" points={[]} />);
    expect(container.textContent).toContain("No data yet");
  });
});
