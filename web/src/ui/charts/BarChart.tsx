import { useDrawnWidth } from "./useDrawnWidth.ts";

export type Bar = { label: string; value: number; colour?: string; hint?: string };

/** Vertical bars with value labels; accessible as a figure with a data table fallback. */
export function BarChart({ bars, title, height = 180, format = (v: number) => String(v) }: { bars: Bar[]; title: string; height?: number; format?: (v: number) => string }) {
  // The viewBox follows the drawn width, so the 11-unit labels are 11 px in a phone's card and a wide one alike.
  const { ref, width } = useDrawnWidth(Math.max(320, bars.length * 44));
  const max = Math.max(1, ...bars.map((b) => b.value));
  const padBottom = 34;
  const padTop = 16;
  const inner = height - padBottom - padTop;
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.min(36, slot * 0.7);
  const maxChars = Math.max(3, Math.floor(slot / 6.5));
  return (
    <figure style={{ margin: 0 }}>
      <svg ref={ref} className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <line className="axis" x1={0} x2={width} y1={height - padBottom} y2={height - padBottom} />
        {bars.map((bar, i) => {
          const h = (bar.value / max) * inner;
          const x = i * slot + (slot - barWidth) / 2;
          const y = height - padBottom - h;
          return (
            <g key={`${bar.label}-${i}`}>
              <title>{`${bar.label}: ${format(bar.value)}${bar.hint ? ` (${bar.hint})` : ""}`}</title>
              <rect className="bar" x={x} y={y} width={barWidth} height={Math.max(h, bar.value > 0 ? 1 : 0)} rx={3} style={bar.colour ? { fill: bar.colour } : undefined} />
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle">
                {bar.value > 0 ? format(bar.value) : ""}
              </text>
              <text x={x + barWidth / 2} y={height - padBottom + 14} textAnchor="middle">
                {bar.label.length > maxChars ? `${bar.label.slice(0, maxChars - 1)}…` : bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">
        {title}: {bars.map((b) => `${b.label} ${format(b.value)}`).join(", ")}
      </figcaption>
    </figure>
  );
}
