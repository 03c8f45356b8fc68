import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from "react";
import type { ImageState } from "./useVerifiedImage.ts";
import { Spinner } from "../../ui/Spinner.tsx";
import { IMAGE_DISPLAYED_MARK } from "./imageDisplayedMark.ts";

export type View = { scale: number; x: number; y: number };
export const initialView: View = { scale: 1, x: 0, y: 0 };

/** The image, large, with wheel/keyboard zoom and drag-to-pan. */
export function ImageStage({
  image,
  alt,
  view,
  onView,
  pixelated,
  overlay,
}: {
  image: ImageState;
  alt: string;
  view: View;
  onView: (view: View) => void;
  pixelated: boolean;
  overlay?: React.ReactNode;
}) {
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Wheel must be non-passive to stop the page from scrolling while zooming.
    const node = ref.current;
    if (!node) return;
    const stop = (e: WheelEvent) => e.preventDefault();
    node.addEventListener("wheel", stop, { passive: false });
    return () => node.removeEventListener("wheel", stop);
  }, []);
  const onWheel = (e: ReactWheelEvent) => {
    const factor = e.deltaY < 0 ? 1.15 : 1 / 1.15;
    onView({ ...view, scale: clampScale(view.scale * factor) });
  };
  const onPointerDown = (e: ReactPointerEvent) => {
    if (view.scale <= 1) return;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
    setDragging(true);
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    onView({ ...view, x: d.vx + (e.clientX - d.x), y: d.vy + (e.clientY - d.y) });
  };
  const end = () => {
    drag.current = null;
    setDragging(false);
  };
  return (
    <div
      ref={ref}
      className={`stage${pixelated ? "" : " smooth"}`}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      style={{ cursor: view.scale > 1 ? (dragging ? "grabbing" : "grab") : "default" }}
      data-testid="image-stage"
    >
      {image.status === "ready" ? (
        <img
          src={image.url}
          alt={alt}
          draggable={false}
          data-testid="current-image"
          onLoad={() => performance.mark(IMAGE_DISPLAYED_MARK)}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      ) : image.status === "loading" ? (
        <span className="muted row">
          <Spinner /> Fetching and verifying image…
        </span>
      ) : (
        <div className="alert danger" role="alert" style={{ maxWidth: 420 }}>
          <div className="alert-body">
            <div className="alert-title">Image unavailable</div>
            <p className="small">{image.message}</p>
            <p className="small muted">{image.advice}</p>
          </div>
        </div>
      )}
      {overlay}
    </div>
  );
}

export function clampScale(scale: number): number {
  return Math.min(8, Math.max(0.5, scale));
}
