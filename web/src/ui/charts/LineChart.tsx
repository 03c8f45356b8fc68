import { useDrawnWidth } from "./useDrawnWidth.ts";

export type Point = { x: number; y: number };

/** A time label as precise as the span needs: seconds for a few minutes, dates past a day. */
export function timeTickFormat(spanSeconds: number): (x: number) => string {
  const options: Intl.DateTimeFormatOptions =
    spanSeconds < 180
      ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
      : spanSeconds < 86_400
        ? { hour: "2-digit", minute: "2-digit" }
        : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
  return (x) => new Date(x * 1000).toLocaleString(undefined, options);
}

/**
 * A running total over time (x = unix seconds) drawn as steps, e.g. images resolved so far: it
 * starts at 0 at `from` (the task's creation), holds each value until the next point and runs on
 * to `to` (now); `yMax` fixes the top (the task's image count) so the height reads as a share.
 */
export function LineChart({
  points,
  title,
  height = 190,
  yLabel,
  yMax,
  from,
  to,
}: {
  points: Point[];
  title: string;
  height?: number;
  yLabel?: string;
  yMax?: number;
  from?: number;
  to?: number;
}) {
  // The viewBox follows the width the chart is drawn at, so its 12-unit text is 12 px on a phone and a wide card alike.
  const { ref, width } = useDrawnWidth(440);
  const pad = { left: 44, right: 14, top: 22, bottom: 28 };
  if (points.length === 0) return <p className="muted small">No data yet: the line starts at the first finalised batch.</p>;
  const series: Point[] = [...(from !== undefined && from < points[0]!.x ? [{ x: from, y: 0 }] : []), ...points];
  const last = series[series.length - 1]!;
  const minX = series[0]!.x;
  // At least a minute wide; the total holds from the last point to the right edge.
  const maxX = Math.max(to ?? last.x, last.x, minX + 60);
  if (maxX > last.x) series.push({ x: maxX, y: last.y });
  const maxY = Math.max(1, yMax ?? 0, ...series.map((p) => p.y));
  const sx = (x: number) => pad.left + ((x - minX) / (maxX - minX)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - (y / maxY) * (height - pad.top - pad.bottom);
  const path = series
    .map((p, i) => (i === 0 ? `M${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}` : `H${sx(p.x).toFixed(1)} V${sy(p.y).toFixed(1)}`))
    .join(" ");
  const area = `${path} V${sy(0)} H${sx(minX).toFixed(1)} Z`;
  const fmt = timeTickFormat(maxX - minX);
  const ticks = [...new Set([0, Math.round(maxY / 2), maxY])];
  return (
    <svg ref={ref} className="chart line-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${last.y} of ${maxY} by ${fmt(last.x)}`}>
      {ticks.slice(1).map((y) => (
        <line key={y} className="grid-line" x1={pad.left} x2={width - pad.right} y1={sy(y)} y2={sy(y)} />
      ))}
      <line className="axis" x1={pad.left} x2={width - pad.right} y1={sy(0)} y2={sy(0)} />
      <line className="axis" x1={pad.left} x2={pad.left} y1={pad.top} y2={sy(0)} />
      <path className="area" d={area} />
      <path className="line" d={path} />
      {ticks.map((y) => (
        <text key={y} x={pad.left - 6} y={sy(y) + 4} textAnchor="end">
          {y}
        </text>
      ))}
      <text x={pad.left} y={height - 8}>
        {fmt(minX)}
      </text>
      <text x={width - pad.right} y={height - 8} textAnchor="end">
        {fmt(maxX)}
      </text>
      {yLabel ? (
        <text x={pad.left} y={pad.top - 8}>
          {yLabel}
        </text>
      ) : null}
    </svg>
  );
}
