import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import { Markdown } from "./Markdown.tsx";
import { BarChart } from "./charts/BarChart.tsx";

describe("UI components", () => {
  it("Markdown renders safe HTML", () => {
    const { container } = render(<Markdown source={"**bold** <img src=x onerror=alert(1)>"} />);
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("img")).toBeNull();
  });

  it("BarChart labels bars for screen readers", () => {
    const { container } = render(<BarChart title="Classes" bars={[{ label: "cat", value: 3 }, { label: "dog", value: 1 }]} />);
    expect(container.querySelector("svg")?.getAttribute("aria-label")).toBe("Classes");
    expect(container.querySelectorAll("rect.bar")).toHaveLength(2);
    expect(container.textContent).toContain("cat 3, dog 1");
  });
});
