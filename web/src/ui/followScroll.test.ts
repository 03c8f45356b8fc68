import { describe, expect, it } from "vitest";
import { followScrollLeft } from "./followScroll.ts";

describe("followScrollLeft", () => {
  const view = { scrollLeft: 0, width: 400 };
  const cell = (i: number) => ({ left: i * 38, width: 34 });

  it("stays put while the item and its margin are in view", () => {
    expect(followScrollLeft(view, cell(3), 114)).toBe(0);
  });

  it("scrolls right just enough to show the margin past the item", () => {
    // Cell 8 ends at 338; with 114 px after it the view must end at 452.
    expect(followScrollLeft(view, cell(8), 114)).toBe(52);
    expect(followScrollLeft({ scrollLeft: 1000, width: 400 }, cell(30), 114)).toBe(1000);
    expect(followScrollLeft({ scrollLeft: 1000, width: 400 }, cell(40), 114)).toBe(1520 + 34 + 114 - 400);
  });

  it("scrolls left when the cursor goes back, never below 0", () => {
    expect(followScrollLeft({ scrollLeft: 1000, width: 400 }, cell(20), 114)).toBe(760 - 114);
    expect(followScrollLeft({ scrollLeft: 100, width: 400 }, cell(1), 114)).toBe(0);
  });

  it("centres an item when the view is too narrow for both margins", () => {
    expect(followScrollLeft({ scrollLeft: 0, width: 100 }, cell(10), 114)).toBe(380 - 33);
  });
});
