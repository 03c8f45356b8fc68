import { useMemo, useSyncExternalStore } from "react";

type Rgb = readonly [number, number, number];

/** The tokens the cells are mixed from, per theme, when the stylesheet's custom properties cannot be read (tests, no CSS). */
const fallbackTokens: Record<"light" | "dark", { accent: string; surface: string }> = {
  light: { accent: "#4f46e5", surface: "#ffffff" },
  dark: { accent: "#818cf8", surface: "#17171b" },
};

/** "#rgb", "#rrggbb" or "rgb(r g b)" / "rgb(r, g, b)" as 0-255 channels. */
export function parseColour(value: string): Rgb | undefined {
  const v = value.trim();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  if (short) return [parseInt(short[1]! + short[1], 16), parseInt(short[2]! + short[2], 16), parseInt(short[3]! + short[3], 16)];
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (long) return [parseInt(long[1]!, 16), parseInt(long[2]!, 16), parseInt(long[3]!, 16)];
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(v);
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  return undefined;
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/**
 * The cell text colour: black or white, whichever contrasts more with the cell. One of the two always reaches at least 4.58:1
 * (they tie at luminance 0.179), which a fixed luminance threshold or a near-black text colour does not guarantee.
 */
export function readableTextOn(background: Rgb): "#000000" | "#ffffff" {
  return contrastRatio(background, BLACK) >= contrastRatio(background, WHITE) ? "#000000" : "#ffffff";
}

/** `color-mix(in srgb, a t, b)` for t in 0..1. */
function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! * t + b[i]! * (1 - t))) as unknown as Rgb;
}

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}
const themeOf = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");

/** The accent and surface colours of the current theme, read from the stylesheet; re-read when the theme changes. */
function useCellTokens(): { accent: Rgb; surface: Rgb } {
  const theme = useSyncExternalStore(subscribeTheme, themeOf, () => "light" as const);
  return useMemo(() => {
    const style = getComputedStyle(document.documentElement);
    const read = (name: "accent" | "surface") => parseColour(style.getPropertyValue(`--${name}`)) ?? parseColour(fallbackTokens[theme][name])!;
    return { accent: read("accent"), surface: read("surface") };
  }, [theme]);
}

/** A matrix as a table with cell shading: rows = true class, columns = given label. */
export function Heatmap({ rows, columns, matrix, title, rowTitle, columnTitle }: { rows: string[]; columns: string[]; matrix: number[][]; title: string; rowTitle: string; columnTitle: string }) {
  const max = Math.max(1e-9, ...matrix.flat());
  const { accent, surface } = useCellTokens();
  return (
    <div className="table-wrap">
      <table className="heatmap" aria-label={title}>
        <thead>
          <tr>
            <th scope="col" className="faint">
              {rowTitle} ↓ / {columnTitle} →
            </th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={rows[i] ?? i}>
              <th scope="row">{rows[i]}</th>
              {row.map((value, j) => {
                const background = mix(accent, surface, Math.round((value / max) * 85) / 100);
                return (
                  <td
                    key={j}
                    title={`${rows[i]} → ${columns[j]}: ${value.toFixed(3)}`}
                    style={{ background: `rgb(${background.join(" ")})`, color: readableTextOn(background) }}
                  >
                    {value < 0.005 ? "·" : value.toFixed(2)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
