export type Point = { x: number; y: number };

/** A filled line over time (x = unix seconds), e.g. items resolved so far. */
export function LineChart({ points, title, height = 180, yLabel }: { points: Point[]; title: string; height?: number; yLabel?: string }) {
  const width = 560;
  const pad = { left: 40, right: 12, top: 12, bottom: 26 };
  if (points.length === 0) return <p className="muted small">No data yet.</p>;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs, minX + 1);
  const maxY = Math.max(1, ...ys);
  const sx = (x: number) => pad.left + ((x - minX) / (maxX - minX)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - (y / maxY) * (height - pad.top - pad.bottom);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
  const area = `${path} L${sx(points[points.length - 1]!.x).toFixed(1)},${sy(0)} L${sx(points[0]!.x).toFixed(1)},${sy(0)} Z`;
  const fmt = (x: number) => new Date(x * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <line className="axis" x1={pad.left} x2={width - pad.right} y1={sy(0)} y2={sy(0)} />
      <line className="axis" x1={pad.left} x2={pad.left} y1={pad.top} y2={sy(0)} />
      <path className="area" d={area} />
      <path className="line" d={path} />
      <text x={pad.left - 6} y={sy(maxY) + 4} textAnchor="end">
        {maxY}
      </text>
      <text x={pad.left - 6} y={sy(0)} textAnchor="end">
        0
      </text>
      <text x={pad.left} y={height - 6}>
        {fmt(minX)}
      </text>
      <text x={width - pad.right} y={height - 6} textAnchor="end">
        {fmt(maxX)}
      </text>
      {yLabel ? (
        <text x={pad.left + 6} y={pad.top + 10}>
          {yLabel}
        </text>
      ) : null}
    </svg>
  );
}
