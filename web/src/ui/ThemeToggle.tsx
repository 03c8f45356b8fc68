import { useSettingsStore, type Theme } from "./useSettingsStore.ts";

const next: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const icon: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

export function ThemeToggle() {
  const theme = useSettingsStore((s) => s.theme);
  const setTheme = useSettingsStore((s) => s.setTheme);
  return (
    <button
      type="button"
      className="btn ghost icon-btn"
      onClick={() => setTheme(next[theme])}
      aria-label={`Theme: ${theme}. Switch to ${next[theme]}`}
      title={`Theme: ${theme}`}
      data-testid="theme-toggle"
    >
      <span aria-hidden="true">{icon[theme]}</span>
    </button>
  );
}
