import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { BadRouteId, parseRouteId, taskNotReady } from "./taskRoute.tsx";

afterEach(cleanup);

describe("parseRouteId", () => {
  it("reads whole numbers, however large", () => {
    expect(parseRouteId("0")).toBe(0n);
    expect(parseRouteId("12")).toBe(12n);
    expect(parseRouteId("115792089237316195423570985008687907853269984665640564039457584007913129639935")).toBe(2n ** 256n - 1n);
  });

  it("refuses anything else", () => {
    for (const raw of [undefined, "", "-1", "1.5", "0x10", " 1", "1e3", "abc"]) expect(parseRouteId(raw)).toBeUndefined();
  });
});

describe("BadRouteId", () => {
  it("quotes the bad id and says what a good one looks like", () => {
    render(
      <MemoryRouter>
        <BadRouteId what="batch" raw="x7" />
      </MemoryRouter>,
    );
    const alert = screen.getByTestId("bad-route-id");
    expect(alert.textContent).toContain("“x7” is not a batch id");
    expect(alert.textContent).toContain("as in /tasks/1/label/0");
    expect(screen.getByRole("link", { name: "Browse tasks" }).getAttribute("href")).toBe("/");
  });
});

describe("taskNotReady", () => {
  const none = { error: null, data: undefined, refetch: () => undefined };
  const show = (element: ReturnType<typeof taskNotReady>) => render(<MemoryRouter>{element}</MemoryRouter>);

  it("a bad id comes first, before any read", () => {
    show(taskNotReady("first", { ...none, error: new Error("boom") }, 100));
    expect(screen.getByTestId("bad-route-id").textContent).toContain("“first” is not a task id");
  });

  it("a failed read shows the read error with Retry", () => {
    show(taskNotReady("3", { ...none, error: new Error("fetch failed") }, 100));
    expect(screen.getByTestId("task-read-error").textContent).toContain("Could not read the task from the chain");
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
  });

  it("a skeleton while reading, nothing once the task is there", () => {
    const { container } = show(taskNotReady("3", none, 123));
    expect(container.querySelector(".skeleton")).not.toBeNull();
    expect(taskNotReady("3", { ...none, data: { id: 3n } }, 100)).toBeNull();
  });
});
