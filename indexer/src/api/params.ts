import { isAddress, type Hex } from "viem";
import { ApiError } from "./ApiError.ts";

export const MAX_LIMIT = 200;

export function parseLimit(raw: string | undefined, fallback = 20): number {
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new ApiError(400, "invalid_limit", `limit must be an integer from 1 to ${MAX_LIMIT}, got "${raw}"`);
  return n;
}

export function parseAddress(raw: string | undefined, name: string): Hex {
  if (raw === undefined || !isAddress(raw, { strict: false })) throw new ApiError(400, "invalid_address", `${name} must be a 0x-prefixed 20-byte address, got "${raw ?? ""}"`);
  return raw.toLowerCase() as Hex;
}

export function parseOptionalAddress(raw: string | undefined, name: string): Hex | undefined {
  return raw === undefined || raw === "" ? undefined : parseAddress(raw, name);
}

export function parseUint(raw: string | undefined, name: string): bigint {
  if (raw === undefined || !/^\d{1,78}$/.test(raw)) throw new ApiError(400, `invalid_${name}`, `${name} must be a non-negative decimal integer, got "${raw ?? ""}"`);
  return BigInt(raw);
}

export function parseTaskId(raw: string | undefined): bigint {
  const id = parseUint(raw, "task_id");
  if (id === 0n) throw new ApiError(400, "invalid_task_id", "task ids start at 1");
  return id;
}

export function parseEnum<T extends string>(raw: string | undefined, name: string, values: readonly T[], fallback: T): T {
  if (raw === undefined || raw === "") return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ApiError(400, `invalid_${name}`, `${name} must be one of ${values.join(", ")}, got "${raw}"`);
  return raw as T;
}

/** Opaque cursors: base64url JSON. */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends Record<string, string | number>>(raw: string | undefined, check: (value: Record<string, unknown>) => value is T): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (value && typeof value === "object" && check(value as Record<string, unknown>)) return value as T;
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_cursor", "cursor is not one this API returned: pass the previous page's nextCursor unchanged");
}
