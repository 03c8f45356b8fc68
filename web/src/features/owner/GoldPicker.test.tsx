import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { GoldPicker } from "./GoldPicker.tsx";
import type { UploadedImage } from "./useOwnerDraftStore.ts";

// Thumbnails fetch and verify images from IPFS; this test is about which images are offered.
vi.mock("./ImageThumb.tsx", () => ({ ImageThumb: () => null }));

afterEach(cleanup);

const images: UploadedImage[] = Array.from({ length: 100 }, (_, i) => ({ cid: `bafk${i}`, name: `${i}.png`, mediaType: "image/png", width: 8, height: 8, size: 100 }));
const classes = [
  { name: "zero", hotkey: "0", colour: "#111111" },
  { name: "one", hotkey: "1", colour: "#222222" },
];

function Harness({ batchSize }: { batchSize: number }) {
  const [gold, setGoldState] = useState<Record<number, number>>({});
  const setGold = (item: number, classId: number | null) =>
    setGoldState((g) => {
      const next = { ...g };
      if (classId === null) delete next[item];
      else next[item] = classId;
      return next;
    });
  return <GoldPicker images={images} classes={classes} gold={gold} batchSize={batchSize} setGold={setGold} />;
}

const offered = () => screen.getAllByRole("combobox").map((el) => el.getAttribute("aria-label")!.replace("Gold answer for image ", ""));

describe("GoldPicker", () => {
  it("pages through every image, not just the first 48", () => {
    render(<Harness batchSize={10} />);
    expect(offered()).toHaveLength(48);
    expect(screen.getByTestId("gold-page").textContent).toBe("images 1–48 of 100");
    fireEvent.click(screen.getByLabelText("Next images"));
    fireEvent.click(screen.getByLabelText("Next images"));
    expect(screen.getByTestId("gold-page").textContent).toBe("images 97–100 of 100");
    expect(offered()).toEqual(["96", "97", "98", "99"]);
  });

  it("offers one image per batch and says how many batches the gold reaches", () => {
    render(<Harness batchSize={10} />);
    fireEvent.change(screen.getByLabelText("Gold answer for image 0"), { target: { value: "1" } });
    expect(screen.getByTestId("gold-coverage").textContent).toBe("1 gold item chosen, in 1 of 10 batches. Annotators are scored on gold only in batches that hold some: “One per batch” spreads it.");
    fireEvent.click(screen.getByTestId("gold-view-spread"));
    // Batch 0 shows the gold image it already holds, the others their middle image.
    expect(offered()).toEqual(["0", "14", "24", "34", "44", "54", "64", "74", "84", "94"]);
    for (const item of offered()) fireEvent.change(screen.getByLabelText(`Gold answer for image ${item}`), { target: { value: "0" } });
    expect(screen.getByTestId("gold-coverage").textContent).toBe("10 gold items chosen, in 10 of 10 batches.");
  });

  it("moves a batch to another of its images, wrapping, without touching the others", () => {
    render(<Harness batchSize={10} />);
    fireEvent.click(screen.getByTestId("gold-view-spread"));
    fireEvent.click(screen.getByLabelText("Another image from batch 1"));
    expect(offered().slice(0, 3)).toEqual(["4", "15", "24"]);
    // A blurry image is skipped, the next one chosen: the batch keeps showing it.
    fireEvent.click(screen.getByLabelText("Another image from batch 1"));
    fireEvent.change(screen.getByLabelText("Gold answer for image 16"), { target: { value: "1" } });
    expect(offered().slice(0, 3)).toEqual(["4", "16", "24"]);
    for (let k = 0; k < 4; k++) fireEvent.click(screen.getByLabelText("Another image from batch 1"));
    expect(offered()[1]).toBe("10"); // 16 → 17, 18, 19, then back to the batch's first image
    expect(screen.getByTestId("gold-coverage").textContent).toContain("1 gold item chosen, in 1 of 10 batches.");
  });

  it("a click on an image's card goes to its answer, not to ↻ (which would pass over the image)", () => {
    render(<Harness batchSize={10} />);
    fireEvent.click(screen.getByTestId("gold-view-spread"));
    const before = offered().slice(0, 3);
    fireEvent.click(screen.getByTitle("Image 14, batch 1"));
    expect(offered().slice(0, 3)).toEqual(before);
    const select = screen.getByLabelText("Gold answer for image 14");
    expect(select.closest("label")?.control).toBe(select);
  });
});
