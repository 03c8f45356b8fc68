import { formatUnits } from "viem";

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A token amount for people: up to `digits` decimals, thousands separated, trailing zeros dropped. */
export function formatAmount(value: bigint | string | number, decimals: number | undefined, digits = 4): string {
  // Unknown decimals (still loading, or the token did not answer): a guess would be off by powers of ten.
  if (decimals === undefined) return "…";
  const v = typeof value === "bigint" ? value : BigInt(value);
  const text = formatUnits(v, decimals);
  const [whole = "0", fraction = ""] = text.split(".");
  const negative = whole.startsWith("-");
  const w = BigInt(negative ? whole.slice(1) : whole).toLocaleString("en-US");
  const f = fraction.slice(0, digits).replace(/0+$/, "");
  const shown = f ? `${w}.${f}` : w;
  if (v !== 0n && shown === "0") return `<${(1 / 10 ** digits).toFixed(digits)}`;
  return negative ? `-${shown}` : shown;
}

/** A token amount in full, every decimal the token has (for what a signature or transaction commits to). */
export function formatExactAmount(value: bigint | string | number, decimals: number | undefined): string {
  return formatAmount(value, decimals, decimals ?? 0);
}

/** "3d 4h", "25m", "ended" */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "ended";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${Math.max(1, Math.floor(seconds))}s`;
}

export function timeLeft(deadline: number | bigint, now = Date.now() / 1000): string {
  const left = Number(deadline) - now;
  return left <= 0 ? "ended" : `${formatDuration(left)} left`;
}

export function formatPercent(ratio: number, digits = 0): string {
  if (!Number.isFinite(ratio)) return "–";
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatDate(unixSeconds: number | bigint): string {
  return new Date(Number(unixSeconds) * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** "1 image" / "3 images": a count with its noun in the right number (`plural` when adding "s" is wrong). */
export function countText(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "1 batch" / "3 batches". */
export function batchesText(count: number): string {
  return countText(count, "batch", "batches");
}
