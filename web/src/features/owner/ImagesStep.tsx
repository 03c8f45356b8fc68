import { useRef, useState, type DragEvent } from "react";
import { MAX_IMAGE_BYTES } from "@crowdlabel/sdk";
import { uploadToIpfs, type UploadResult } from "../../lib/ipfs.ts";
import { Alert } from "../../ui/Alert.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { formatBytes } from "../../ui/format.ts";
import { checkImageFile } from "./wizardValidation.ts";
import { useOwnerDraftStore, type UploadedImage } from "./useOwnerDraftStore.ts";
import { ImageThumb } from "./ImageThumb.tsx";
import { uploadChunks } from "./uploadChunks.ts";

type Pending = { file: File; width: number; height: number; status: "pending" | "uploading" | "done" | "error"; error?: string };

export type ImageSize = { width: number; height: number };
/** Decodes a file to its pixel size; undefined when it cannot be decoded as an image. */
export type ReadImageSize = (file: File) => Promise<ImageSize | undefined>;

export const readImageSize: ReadImageSize = async (file) => {
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    // createImageBitmap does not take SVG: an <img> decodes it.
    return new Promise((resolve) => {
      const img = new Image();
      const url = URL.createObjectURL(file);
      img.onload = () => {
        resolve({ width: img.naturalWidth || 1, height: img.naturalHeight || 1 });
        URL.revokeObjectURL(url);
      };
      img.onerror = () => {
        resolve(undefined);
        URL.revokeObjectURL(url);
      };
      img.src = url;
    });
  }
};

/** A chosen file either joins the upload queue with its pixel size or is skipped with the reason. */
export async function checkChosenFile(file: File, readSize: ReadImageSize): Promise<{ entry: Pending } | { problem: string }> {
  const problem = checkImageFile(file);
  if (problem) return { problem };
  const size = await readSize(file);
  if (!size) return { problem: `${file.name} could not be read as an image: it is damaged or not the image its name says.` };
  return { entry: { file, ...size, status: "pending" } };
}

/** Marks the queue entries of `chunk` (matched by file: state updates replace the entry objects). */
function markChunk(all: Pending[], chunk: readonly Pending[], change: Pick<Pending, "status" | "error">): Pending[] {
  const files = new Set(chunk.map((p) => p.file));
  return all.map((p) => (files.has(p.file) ? { ...p, ...change } : p));
}

export function ImagesStep({ readSize = readImageSize }: { readSize?: ReadImageSize } = {}) {
  const images = useOwnerDraftStore((s) => s.images);
  const addImages = useOwnerDraftStore((s) => s.addImages);
  const clearImages = useOwnerDraftStore((s) => s.clearImages);
  const [pending, setPending] = useState<Pending[]>([]);
  const [rejected, setRejected] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const accept = async (files: File[]) => {
    const bad: string[] = [];
    const good: Pending[] = [];
    for (const file of files.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))) {
      const checked = await checkChosenFile(file, readSize);
      if ("problem" in checked) bad.push(checked.problem);
      else good.push(checked.entry);
    }
    setRejected(bad);
    setPending((p) => [...p.filter((x) => x.status !== "done"), ...good]);
  };

  const upload = async () => {
    setError(null);
    const queue = pending.filter((p) => p.status === "pending" || p.status === "error");
    const total = queue.reduce((n, p) => n + p.file.size, 0);
    let doneBytes = 0;
    setProgress({ loaded: 0, total });
    for (const chunk of uploadChunks(queue)) {
      setPending((all) => markChunk(all, chunk, { status: "uploading", error: undefined }));
      let results: UploadResult[];
      try {
        results = await uploadToIpfs(
          chunk.map((p) => ({ name: p.file.name, data: p.file })),
          (loaded, chunkTotal) => setProgress({ loaded: doneBytes + Math.min(loaded, chunkTotal) * (chunk.reduce((n, p) => n + p.file.size, 0) / Math.max(1, chunkTotal)), total }),
        );
      } catch (e) {
        setError((e as Error).message);
        setPending((all) => markChunk(all, chunk, { status: "error", error: (e as Error).message }));
        continue;
      }
      doneBytes += chunk.reduce((n, p) => n + p.file.size, 0);
      setProgress({ loaded: doneBytes, total });
      const uploaded: UploadedImage[] = chunk.map((p, j) => ({
        cid: results[j]!.cid,
        name: p.file.name,
        mediaType: p.file.type,
        width: p.width,
        height: p.height,
        size: p.file.size,
      }));
      const repeated = addImages(uploaded);
      if (repeated.length > 0) setRejected((r) => [...r, ...repeated.map((d) => `${d.name}: the same image as ${d.sameAs}, already in this task (a copy would be labeled and paid twice).`)]);
      setPending((all) => markChunk(all, chunk, { status: "done" }));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void accept(Array.from(e.dataTransfer.files));
  };
  const waiting = pending.filter((p) => p.status === "pending" || p.status === "error");
  const failed = pending.filter((p) => p.status === "error");
  const inFlight = pending.filter((p) => p.status === "uploading");
  const uploading = inFlight.length > 0;

  return (
    <div className="stack lg">
      {/* The folder button is drawn inside the dashed box but is the dropzone's sibling, not a control nested in its role="button";
          the wrapper takes the drops so a drop on the button lands too. */}
      <div
        className="dropzone-wrap"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <div
          className={`dropzone with-folder${over ? " over" : ""}`}
          onClick={() => fileInput.current?.click()}
          role="button"
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget || (e.key !== "Enter" && e.key !== " ")) return;
            e.preventDefault(); // Space would scroll the page
            fileInput.current?.click();
          }}
          data-testid="dropzone"
        >
          <strong>Drop images here</strong> or click to choose files
          <div className="small">PNG, JPEG, WebP, GIF, AVIF, BMP or SVG · up to {MAX_IMAGE_BYTES / 2 ** 20} MiB each · order follows file names</div>
        </div>
        <button type="button" className="btn sm dropzone-folder" onClick={() => folderInput.current?.click()} data-testid="folder-button">
          Choose a folder…
        </button>
      </div>
      <input ref={fileInput} type="file" multiple accept="image/*" hidden onChange={(e) => void accept(Array.from(e.target.files ?? []))} data-testid="file-input" />
      <input
        ref={(el) => {
          folderInput.current = el;
          el?.setAttribute("webkitdirectory", "");
        }}
        type="file"
        multiple
        hidden
        onChange={(e) => void accept(Array.from(e.target.files ?? []))}
        data-testid="folder-input"
      />
      {rejected.length > 0 ? (
        <Alert tone="warn" title={`${rejected.length} file${rejected.length > 1 ? "s" : ""} skipped`}>
          <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
            {rejected.slice(0, 6).map((r) => (
              <li key={r}>{r}</li>
            ))}
            {rejected.length > 6 ? <li>… and {rejected.length - 6} more</li> : null}
          </ul>
        </Alert>
      ) : null}
      {waiting.length > 0 || uploading ? (
        <div className="card flat stack">
          <div className="row between">
            <span data-testid="upload-queue">
              {uploading
                ? `Uploading ${inFlight.length + waiting.length} image${inFlight.length + waiting.length === 1 ? "" : "s"}…`
                : `${waiting.length} image${waiting.length === 1 ? "" : "s"} ready to upload (${formatBytes(waiting.reduce((n, p) => n + p.file.size, 0))})`}
            </span>
            <button type="button" className="btn primary" disabled={uploading} onClick={() => void upload()} data-testid="upload-button">
              {uploading ? "Uploading…" : failed.length ? `Retry ${failed.length} failed` : "Upload to IPFS"}
            </button>
          </div>
          {progress ? (
            <>
              <Progress value={progress.loaded} max={progress.total} label="Upload progress" />
              <div className="tiny muted">
                {formatBytes(Math.round(progress.loaded))} of {formatBytes(progress.total)}
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <Alert tone="danger" title="The IPFS node did not accept the upload">
          {error} Nothing is lost: press Retry when the node is back.
        </Alert>
      ) : null}
      <div className="row between">
        <h3 style={{ margin: 0 }}>
          {images.length} image{images.length === 1 ? "" : "s"} on IPFS
        </h3>
        {images.length > 0 ? (
          <button
            type="button"
            className="btn sm danger"
            onClick={() => confirm(`Remove ${images.length === 1 ? "the image" : `all ${images.length} images`}? Their examples and gold answers go too.`) && clearImages()}
          >
            Remove all
          </button>
        ) : null}
      </div>
      {images.length > 0 ? (
        <div className="thumbs" data-testid="uploaded-thumbs">
          {images.slice(0, 120).map((img) => (
            <ImageThumb key={img.cid} image={img} />
          ))}
        </div>
      ) : (
        <p className="muted small">Images are content-addressed: annotators' browsers check every image against its CID.</p>
      )}
      {images.length > 120 ? <p className="small muted">… and {images.length - 120} more</p> : null}
    </div>
  );
}
