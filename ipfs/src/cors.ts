import type { IncomingMessage, ServerResponse } from "node:http";

/** `*`, or a list of exact origins; the default allows any port on localhost/127.0.0.1/[::1]. */
export type CorsOrigins = "*" | "localhost" | string[];

const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** Headers browser clients must be able to read (kubo-rpc-client, verified-fetch, players). */
const EXPOSED_HEADERS = [
  "X-Stream-Output",
  "X-Chunked-Output",
  "X-Content-Length",
  "X-Stream-Error",
  "X-Ipfs-Path",
  "X-Ipfs-Roots",
  "Content-Range",
  "Content-Length",
  "Content-Type",
  "Content-Disposition",
  "Accept-Ranges",
  "ETag",
  "Trailer",
].join(", ");

/** Parses IPFS_CORS_ORIGINS / --cors-origins: unset -> localhost, `*`, or a comma list. */
export function parseCorsOrigins(value: string | undefined): CorsOrigins {
  const trimmed = value?.trim();
  if (!trimmed || trimmed === "localhost") return "localhost";
  if (trimmed === "*") return "*";
  return trimmed.split(",").map((origin) => origin.trim().replace(/\/$/, "")).filter(Boolean);
}

export function isOriginAllowed(origin: string, allowed: CorsOrigins): boolean {
  if (allowed === "*") return true;
  if (allowed === "localhost") return LOCALHOST_ORIGIN.test(origin);
  return allowed.includes(origin);
}

export type CorsOutcome = "continue" | "preflight-answered" | "origin-rejected";

/**
 * Adds CORS headers for an allowed Origin and answers preflight requests. Requests with no
 * Origin (curl, Node clients) pass untouched; a disallowed Origin gets no CORS headers and
 * is reported so the caller can refuse it (the RPC API does, as Kubo does, against CSRF).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: CorsOrigins, methods: string): CorsOutcome {
  const origin = req.headers.origin;
  res.setHeader("Vary", "Origin");
  if (origin === undefined) return "continue";
  if (!isOriginAllowed(origin, allowed)) return "origin-rejected";
  res.setHeader("Access-Control-Allow-Origin", allowed === "*" ? "*" : origin);
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  if (req.method !== "OPTIONS") return "continue";
  res.writeHead(204, {
    "Access-Control-Allow-Methods": methods,
    "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "Content-Type, Range, Authorization",
    "Access-Control-Max-Age": "86400",
  });
  res.end();
  return "preflight-answered";
}
