import type { TaskManifest } from "@crowdlabel/sdk";
import { Dialog } from "../../ui/Dialog.tsx";
import { Markdown } from "../../ui/Markdown.tsx";
import { useVerifiedImage } from "./useVerifiedImage.ts";

function Example({ cid, mediaType, label, note }: { cid: string; mediaType: string; label: string; note?: string }) {
  const image = useVerifiedImage(cid, mediaType);
  return (
    <figure style={{ margin: 0 }} className="stack" >
      {image.status === "ready" ? (
        <img src={image.url} alt={`Example of ${label}`} style={{ width: "100%", aspectRatio: "1", objectFit: "contain", imageRendering: "pixelated", background: "#fff", borderRadius: 6, border: "1px solid var(--border)" }} />
      ) : (
        <div className="skeleton" style={{ aspectRatio: "1" }} />
      )}
      <figcaption className="small">
        <strong>{label}</strong>
        {note ? <span className="muted"> — {note}</span> : null}
      </figcaption>
    </figure>
  );
}

export function InstructionsDialog({ manifest, open, onClose }: { manifest: TaskManifest; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Instructions and examples" onClose={onClose} wide testId="instructions-dialog">
      <Markdown source={manifest.instructions || "_No instructions given._"} />
      {manifest.examples.length > 0 ? (
        <>
          <h3 style={{ marginTop: "1rem" }}>Examples</h3>
          <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(110px, 1fr))", gap: "0.75rem" }}>
            {manifest.examples.map((ex, i) => (
              <Example key={`${ex.cid}-${i}`} cid={ex.cid} mediaType={ex.mediaType} label={manifest.classes[ex.classId]?.name ?? `class ${ex.classId}`} note={ex.note} />
            ))}
          </div>
        </>
      ) : null}
      <h3 style={{ marginTop: "1rem" }}>Classes</h3>
      <ul className="small">
        {manifest.classes.map((c) => (
          <li key={c.id}>
            <kbd>{c.hotkey}</kbd> <strong>{c.name}</strong>
            {c.description ? <span className="muted"> — {c.description}</span> : null}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
