import { Suspense } from "react";
import { NavLink, Outlet, useNavigation } from "react-router";
import { WalletButton } from "../features/wallet/WalletButton.tsx";
import { LocalWalletMenu } from "../features/wallet/LocalWalletMenu.tsx";
import { NetworkGuard } from "../features/wallet/NetworkGuard.tsx";
import { TxConfirmDialog } from "../features/transactions/TxConfirmDialog.tsx";
import { TxToasts } from "../features/transactions/TxToasts.tsx";
import { ShortcutSheet } from "../ui/ShortcutSheet.tsx";
import { ThemeToggle } from "../ui/ThemeToggle.tsx";
import { Spinner } from "../ui/Spinner.tsx";
import { ServiceStatus } from "./ServiceStatus.tsx";
import { StorageFullAlert } from "./StorageFullAlert.tsx";
import { useShortcutStore } from "../ui/useShortcutStore.ts";

/** Main navigation; `short` is what a phone shows (the link keeps the full name for screen readers and tests). */
const navItems: { to: string; label: string; short?: string }[] = [
  { to: "/", label: "Tasks" },
  { to: "/owner", label: "Owner console", short: "Owner" },
  { to: "/profile", label: "Profile" },
  { to: "/leaderboard", label: "Leaderboard" },
];

export function Layout() {
  const navigation = useNavigation();
  const openShortcuts = useShortcutStore((s) => s.setOpen);
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="Crowdlabel home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          Crowdlabel
        </NavLink>
        <nav className="nav" aria-label="Main">
          {navItems.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.to === "/"} aria-label={item.short ? item.label : undefined}>
              {item.short ? (
                <>
                  <span className="nav-long">{item.label}</span>
                  <span className="nav-short">{item.short}</span>
                </>
              ) : (
                item.label
              )}
            </NavLink>
          ))}
        </nav>
        <div className="header-actions">
          {navigation.state === "loading" ? <Spinner label="Loading page" /> : null}
          <LocalWalletMenu />
          <button type="button" className="btn ghost icon-btn hide-sm" aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)" onClick={() => openShortcuts(true)}>
            <kbd>?</kbd>
          </button>
          <ThemeToggle />
          <WalletButton />
        </div>
      </header>
      <NetworkGuard />
      <StorageFullAlert />
      <div id="content">
        <Suspense
          fallback={
            <main>
              <Spinner />
            </main>
          }
        >
          <Outlet />
        </Suspense>
      </div>
      <footer className="footer">
        <ServiceStatus />
        <p style={{ marginTop: "0.6rem" }}>
          Labels are committed, then revealed on chain; rewards are paid for labels that agree with consensus. Demo images: UCI handwritten digits (CC BY 4.0).
        </p>
      </footer>
      <TxConfirmDialog />
      <TxToasts />
      <ShortcutSheet />
    </>
  );
}
