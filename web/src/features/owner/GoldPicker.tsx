import { useId, useState } from "react";
import { ImageThumb } from "./ImageThumb.tsx";
import { goldCoverage, onePerBatch } from "./gold.ts";
import type { UploadedImage } from "./useOwnerDraftStore.ts";
import type { DraftClass } from "./wizardValidation.ts";

const PAGE_SIZE = 48;

type View = "all" | "spread";

/**
 * Gold answers for any image of the task: every image a page at a time, or one image per batch so that gold reaches
 * every batch (annotators are scored on gold only where there is some). Says how many batches the gold covers.
 */
export function GoldPicker({
  images,
  classes,
  gold,
  batchSize,
  setGold,
}: {
  images: readonly UploadedImage[];
  classes: readonly DraftClass[];
  gold: Record<number, number>;
  batchSize: number;
  setGold: (item: number, classId: number | null) => void;
}) {
  const [view, setView] = useState<View>("all");
  const idPrefix = useId();
  const [requestedPage, setPage] = useState(0);
  // "One per batch": how far into each batch the owner moved with "another image".
  const [offsets, setOffsets] = useState<Record<number, number>>({});
  const size = Math.max(1, Math.floor(batchSize));
  const indices = view === "all" ? images.map((_, i) => i) : onePerBatch(images.length, size, gold, offsets);
  const pageCount = Math.max(1, Math.ceil(indices.length / PAGE_SIZE));
  const page = Math.min(requestedPage, pageCount - 1);
  const shown = indices.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const chosen = Object.keys(gold).length;
  const { batchesWithGold, batchCount } = goldCoverage(gold, images.length, batchSize);
  const show = (next: View) => {
    setView(next);
    setPage(0);
  };
  if (images.length === 0) return <p className="small muted">Add images first.</p>;
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <div className="row" role="group" aria-label="Images to pick gold from" style={{ gap: "0.4rem" }}>
          <button type="button" className="btn sm" aria-pressed={view === "all"} onClick={() => show("all")} data-testid="gold-view-all">
            All images
          </button>
          <button type="button" className="btn sm" aria-pressed={view === "spread"} onClick={() => show("spread")} data-testid="gold-view-spread">
            One per batch ({batchCount})
          </button>
        </div>
        {pageCount > 1 ? (
          <div className="row small" style={{ gap: "0.4rem" }}>
            <button type="button" className="btn sm" disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous images">
              ←
            </button>
            <span className="muted num" data-testid="gold-page">
              {view === "all" ? "images" : "batches"} {page * PAGE_SIZE + 1}–{page * PAGE_SIZE + shown.length} of {indices.length}
            </span>
            <button type="button" className="btn sm" disabled={page >= pageCount - 1} onClick={() => setPage(page + 1)} aria-label="Next images">
              →
            </button>
          </div>
        ) : null}
      </div>
      <div className="gold-pickers">
        {shown.map((i) => {
          const img = images[i]!;
          const batch = Math.floor(i / size);
          return (
            // The label names its select: without `htmlFor` a click on the thumbnail went to its first control, ↻.
            <label key={view === "all" ? img.cid : `batch-${batch}`} htmlFor={`${idPrefix}-${i}`} className={`gold-picker small${gold[i] !== undefined ? " chosen" : ""}`}>
              <ImageThumb image={img} size={44} />
              <span className="mono faint" title={`Image ${i}, batch ${batch}`}>
                #{i}
              </span>
              {view === "spread" && Math.min(images.length, (batch + 1) * size) - batch * size > 1 ? (
                <button
                  type="button"
                  className="btn sm ghost"
                  aria-label={`Another image from batch ${batch}`}
                  title={`Another image from batch ${batch}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setOffsets((o) => ({ ...o, [batch]: i - batch * size + 1 }));
                  }}
                >
                  ↻
                </button>
              ) : null}
              <select id={`${idPrefix}-${i}`} aria-label={`Gold answer for image ${i}`} value={gold[i] ?? ""} onChange={(e) => setGold(i, e.target.value === "" ? null : Number(e.target.value))}>
                <option value="">not gold</option>
                {classes.map((c, id) => (
                  <option key={id} value={id}>
                    {c.name || `class ${id}`}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
      <p className="tiny muted" data-testid="gold-coverage">
        {chosen} gold item{chosen === 1 ? "" : "s"} chosen, in {batchesWithGold} of {batchCount} batch{batchCount === 1 ? "" : "es"}.
        {chosen > 0 && batchesWithGold < batchCount ? " Annotators are scored on gold only in batches that hold some: “One per batch” spreads it." : ""}
      </p>
    </div>
  );
}
