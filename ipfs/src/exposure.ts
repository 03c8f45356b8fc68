import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { IpfsNodeConfig } from "./config.js";
import { UnauthorizedError } from "./errors.js";

/** Hosts that listen on every interface: clients cannot dial them portably, so they get the loopback address. */
const WILDCARD_TO_LOOPBACK: Readonly<Record<string, string>> = { "0.0.0.0": "127.0.0.1", "::": "::1" };

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || bare === "::ffff:127.0.0.1";
}

/** Whether `host` listens on every interface (0.0.0.0 or ::). */
export function isWildcardHost(host: string): boolean {
  return host in WILDCARD_TO_LOOPBACK;
}

/** A URL a client on this machine can dial for a listener bound to `host` (0.0.0.0 -> 127.0.0.1, :: -> [::1]). */
export function clientUrl(host: string, port: number): string {
  const dialable = WILDCARD_TO_LOOPBACK[host] ?? host;
  return `http://${dialable.includes(":") ? `[${dialable}]` : dialable}:${port}`;
}

/**
 * The startup notice about who can reach the node. Empty on loopback; otherwise it says what
 * the bind address means and, without IPFS_API_TOKEN, that the write API is open to the network.
 */
export function exposureNotice(config: Pick<IpfsNodeConfig, "host" | "apiToken">, apiPort: number): string[] {
  if (isLoopbackHost(config.host)) return [];
  const where = isWildcardHost(config.host)
    ? `${config.host} means all interfaces: any machine that can reach this one on port ${apiPort}`
    : `anyone who can reach ${config.host}:${apiPort}`;
  if (config.apiToken) {
    return [
      `note: the RPC API is reachable by ${where}; it requires "Authorization: Bearer <IPFS_API_TOKEN>".`,
      "  The token travels in clear over plain HTTP: put a TLS reverse proxy in front of the node for untrusted networks.",
      "  The gateway (read-only) needs no token.",
    ];
  }
  return [
    `WARNING: the RPC API (add, pin/add, pin/rm) is open to ${where}, with no authentication.`,
    "  Anyone there can add data to this node and pin or unpin content.",
    "  Set IPFS_API_TOKEN to require \"Authorization: Bearer <token>\" (clients: IPFS_API_AUTH=\"Bearer <token>\"),",
    "  put a reverse proxy with authentication (and TLS) in front of it, or bind to 127.0.0.1 (--host / IPFS_HOST).",
  ];
}

/** What `pnpm ipfs` prints at startup: where to reach the node (`info`) and who else can (`warnings`). */
export function startupBanner(
  config: Pick<IpfsNodeConfig, "host" | "apiToken" | "dataDir">,
  running: { apiUrl: string; gatewayUrl: string; node: { identity: { peerId: string } } },
): { info: string[]; warnings: string[] } {
  const info = [`crowdlabel ipfs node (offline, peer ${running.node.identity.peerId})`, `  data dir : ${config.dataDir}`];
  if (isWildcardHost(config.host))
    info.push(`  listening: ${config.host} = all interfaces (other machines: this machine's address); URLs for local clients:`);
  info.push(`  RPC API  : ${running.apiUrl}/api/v0   (IPFS_API_URL=${running.apiUrl})`);
  info.push(`  gateway  : ${running.gatewayUrl}/ipfs/<cid>   (IPFS_GATEWAY_URL=${running.gatewayUrl})`);
  return { info, warnings: exposureNotice(config, Number(new URL(running.apiUrl).port)) };
}

/** Throws UnauthorizedError unless the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function requireApiToken(req: IncomingMessage, token: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match || !sameSecret(match[1]!, token)) throw new UnauthorizedError(req.headers.authorization === undefined);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
