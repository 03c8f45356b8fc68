import type { ReactNode } from "react";

export type AlertTone = "info" | "warn" | "danger" | "ok" | "neutral";

const icons: Record<AlertTone, string> = { info: "ℹ", warn: "⚠", danger: "⨯", ok: "✓", neutral: "•" };

export function Alert({
  tone = "neutral",
  title,
  children,
  action,
  testId,
}: {
  tone?: AlertTone;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`alert ${tone}`} role={tone === "danger" || tone === "warn" ? "alert" : "status"} data-testid={testId}>
      <span aria-hidden="true" style={{ fontWeight: 700 }}>
        {icons[tone]}
      </span>
      <div className="alert-body">
        <div className="alert-title">{title}</div>
        {children ? <div className="small">{children}</div> : null}
      </div>
      {action}
    </div>
  );
}
