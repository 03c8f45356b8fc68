import { Markdown } from "../../ui/Markdown.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";
import { useVerifiedImage } from "../labeling/useVerifiedImage.ts";

function ExampleThumb({ cid, mediaType }: { cid: string; mediaType: string }) {
  const state = useVerifiedImage(cid, mediaType);
  return state.status === "ready" ? <img src={state.url} alt="" style={{ width: 48, height: 48, objectFit: "contain", imageRendering: "pixelated", background: "#fff", borderRadius: 4 }} /> : <span className="skeleton" style={{ width: 48, height: 48, display: "inline-block" }} />;
}

export function InstructionsStep() {
  const instructions = useOwnerDraftStore((s) => s.instructions);
  const setInstructions = useOwnerDraftStore((s) => s.setInstructions);
  const images = useOwnerDraftStore((s) => s.images);
  const classes = useOwnerDraftStore((s) => s.classes);
  const examples = useOwnerDraftStore((s) => s.examples);
  const setExamples = useOwnerDraftStore((s) => s.setExamples);
  return (
    <div className="stack lg">
      <div className="grid two">
        <label className="field">
          Instructions (Markdown)
          <textarea value={instructions} onChange={(e) => setInstructions(e.target.value)} rows={14} data-testid="instructions-input" />
          <span className="hint">Shown to annotators on the task page and one key away (Shift+I) while labeling. Raw HTML is removed.</span>
        </label>
        <div className="card flat">
          <div className="tiny muted" style={{ marginBottom: "0.4rem" }}>
            PREVIEW
          </div>
          <Markdown source={instructions} />
        </div>
      </div>
      <section className="stack">
        <h3 style={{ margin: 0 }}>Examples</h3>
        <p className="small muted" style={{ margin: 0 }}>
          Show annotators what each class looks like. Pick among your uploaded images.
        </p>
        {examples.map((ex, i) => (
          <div className="row" key={`${ex.cid}-${i}`}>
            <ExampleThumb cid={ex.cid} mediaType={ex.mediaType} />
            <select
              aria-label="Example class"
              value={ex.classId}
              onChange={(e) => setExamples(examples.map((x, j) => (j === i ? { ...x, classId: Number(e.target.value) } : x)))}
            >
              {classes.map((c, id) => (
                <option key={id} value={id}>
                  {c.name || `class ${id}`}
                </option>
              ))}
            </select>
            <input
              aria-label="Example note"
              placeholder="note (optional)"
              value={ex.note ?? ""}
              onChange={(e) => setExamples(examples.map((x, j) => (j === i ? { ...x, note: e.target.value || undefined } : x)))}
            />
            <button type="button" className="btn ghost sm" aria-label="Remove example" onClick={() => setExamples(examples.filter((_, j) => j !== i))}>
              ✕
            </button>
          </div>
        ))}
        {images.length > 0 ? (
          <div className="row">
            <label className="sr-only" htmlFor="add-example">
              Add an example
            </label>
            <select
              id="add-example"
              value=""
              onChange={(e) => {
                const img = images.find((i) => i.cid === e.target.value);
                if (img) setExamples([...examples, { cid: img.cid, mediaType: img.mediaType, classId: 0 }]);
              }}
            >
              <option value="">+ Add an example image…</option>
              {images.slice(0, 500).map((img) => (
                <option key={img.cid} value={img.cid}>
                  {img.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="small muted">Upload images first to pick examples.</p>
        )}
      </section>
    </div>
  );
}
