export function Progress({
  value,
  max = 1,
  label,
  tone,
}: {
  value: number;
  max?: number;
  label: string;
  tone?: "ok" | "danger";
}) {
  const ratio = max <= 0 ? 0 : Math.min(1, Math.max(0, value / max));
  return (
    <div
      className={`progress${tone ? ` ${tone}` : ""}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <span style={{ width: `${(ratio * 100).toFixed(2)}%` }} />
    </div>
  );
}
