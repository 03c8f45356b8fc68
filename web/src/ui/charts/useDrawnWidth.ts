import { useCallback, useEffect, useRef, useState } from "react";

/** The drawn width of an element (`fallback` until measured, and where ResizeObserver is missing). */
export function useDrawnWidth(fallback: number): { ref: (el: SVGSVGElement | null) => void; width: number } {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: SVGSVGElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof ResizeObserver === "undefined") return;
    observer.current = new ResizeObserver(([entry]) => {
      const drawn = Math.round(entry?.contentRect.width ?? 0);
      if (drawn >= 200) setWidth(Math.min(drawn, 1200));
    });
    observer.current.observe(el);
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  return { ref, width };
}
