/** A matrix as a table with cell shading: rows = true class, columns = given label. */
export function Heatmap({ rows, columns, matrix, title, rowTitle, columnTitle }: { rows: string[]; columns: string[]; matrix: number[][]; title: string; rowTitle: string; columnTitle: string }) {
  const max = Math.max(1e-9, ...matrix.flat());
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
                const t = value / max;
                return (
                  <td
                    key={j}
                    title={`${rows[i]} → ${columns[j]}: ${value.toFixed(3)}`}
                    style={{
                      background: `color-mix(in srgb, var(--accent) ${Math.round(t * 85)}%, var(--surface))`,
                      color: t > 0.55 ? "var(--accent-text)" : "var(--text)",
                    }}
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
