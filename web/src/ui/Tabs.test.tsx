import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { Tabs } from "./Tabs.tsx";

afterEach(cleanup);

type Id = "overview" | "quality" | "batches" | "settle";
const tabs = [
  { id: "overview", label: "Overview" },
  { id: "quality", label: "Quality" },
  { id: "batches", label: "Batches" },
  { id: "settle", label: "Settle & export" },
] as const;

function Harness() {
  const [tab, setTab] = useState<Id>("overview");
  return (
    <Tabs<Id> label="Dashboard sections" tabs={tabs} value={tab} onChange={setTab}>
      <p>Content of {tab}</p>
    </Tabs>
  );
}

const selected = () => screen.getAllByRole("tab").filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.textContent);

describe("Tabs", () => {
  it("is a tablist of tabs, each controlling its tabpanel, with the selected tab as the only tab stop", () => {
    render(<Harness />);
    expect(screen.getByRole("tablist", { name: "Dashboard sections" })).toBeTruthy();
    const all = screen.getAllByRole("tab");
    expect(all.map((t) => t.tabIndex)).toEqual([0, -1, -1, -1]);
    const panel = screen.getByRole("tabpanel");
    expect(panel.textContent).toBe("Content of overview");
    expect(all[0]!.getAttribute("aria-controls")).toBe(panel.id);
    expect(panel.getAttribute("aria-labelledby")).toBe(all[0]!.id);
    // Every tab's aria-controls names an element in the page (the others' panels are hidden).
    for (const t of all) expect(document.getElementById(t.getAttribute("aria-controls") ?? "")?.getAttribute("role")).toBe("tabpanel");
    fireEvent.click(all[2]!);
    expect(screen.getByRole("tabpanel").textContent).toBe("Content of batches");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(all[2]!.id);
  });

  it("Right/Left (wrapping), Home and End move the selection and the focus", () => {
    render(<Harness />);
    const all = screen.getAllByRole("tab");
    all[0]!.focus();
    fireEvent.keyDown(all[0]!, { key: "ArrowRight" });
    expect(selected()).toEqual(["Quality"]);
    expect(document.activeElement).toBe(all[1]);
    expect(all.map((t) => t.tabIndex)).toEqual([-1, 0, -1, -1]);
    fireEvent.keyDown(all[1]!, { key: "End" });
    expect(selected()).toEqual(["Settle & export"]);
    expect(document.activeElement).toBe(all[3]);
    fireEvent.keyDown(all[3]!, { key: "ArrowRight" });
    expect(selected()).toEqual(["Overview"]);
    expect(document.activeElement).toBe(all[0]);
    fireEvent.keyDown(all[0]!, { key: "ArrowLeft" });
    expect(selected()).toEqual(["Settle & export"]);
    fireEvent.keyDown(all[3]!, { key: "Home" });
    expect(selected()).toEqual(["Overview"]);
    expect(document.activeElement).toBe(all[0]);
    expect(screen.getByRole("tabpanel").textContent).toBe("Content of overview");
  });

  it("without children the caller renders the content and the tabs point at no panel", () => {
    render(<Tabs label="Sections" tabs={tabs} value="quality" onChange={() => undefined} />);
    expect(screen.queryByRole("tabpanel")).toBeNull();
    expect(screen.getAllByRole("tab").some((t) => t.hasAttribute("aria-controls"))).toBe(false);
  });
});
