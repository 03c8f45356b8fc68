import { useMemo, useSyncExternalStore } from "react";
import { mix, parseColour, readableTextOn, type Rgb } from "../colour.ts";

/** The tokens the cells are mixed from, per theme, when the stylesheet's custom properties cannot be read (tests, no CSS). */
const fallbackTokens: Record<"light" | "dark", { accent: string; surface: string }> = {
  light: { accent: "#4f46e5", surface: "#ffffff" },
  dark: { accent: "#818cf8", surface: "#17171b" },
};

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
            <th scope="col" className="faint corner">
              <span>{columnTitle} →</span>
              <span>{rowTitle} ↓</span>
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
