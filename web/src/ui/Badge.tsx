import type { ReactNode } from "react";

export function Badge({ tone, children, title }: { tone?: "ok" | "warn" | "danger" | "accent"; children: ReactNode; title?: string }) {
  return (
    <span className={`badge${tone ? ` ${tone}` : ""}`} title={title}>
      {children}
    </span>
  );
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd>{children}</kbd>;
}
