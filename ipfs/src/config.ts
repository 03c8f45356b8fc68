import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseCorsOrigins, type CorsOrigins } from "./cors.js";
import { BadRequestError } from "./errors.js";

export interface IpfsNodeConfig {
  /** Interface both listeners bind to. Default 127.0.0.1 (Kubo's default). */
  host: string;
  /** RPC API port; 0 picks a free port. Default 5001. */
  apiPort: number;
  /** Gateway port; 0 picks a free port. Default 8080. */
  gatewayPort: number;
  /** Where blocks, pins and the identity live. Default `<repo>/.crowdlabel/ipfs`. */
  dataDir: string;
  /** Largest accepted `add` request body. Default 100 MiB. */
  maxUploadBytes: number;
  /** Origins allowed by CORS (and allowed to call the RPC API from a browser). */
  corsOrigins: CorsOrigins;
  /** When set, every RPC API request must send `Authorization: Bearer <apiToken>` (the gateway stays open). Env IPFS_API_TOKEN only, so it never shows in `ps`. */
  apiToken?: string;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const DEFAULT_CONFIG: IpfsNodeConfig = {
  host: "127.0.0.1",
  apiPort: 5001,
  gatewayPort: 8080,
  dataDir: join(REPO_ROOT, ".crowdlabel", "ipfs"),
  maxUploadBytes: 100 * 1024 * 1024,
  corsOrigins: "localhost",
};

export const USAGE = `Usage: pnpm ipfs [options]   (or: pnpm --filter @crowdlabel/ipfs start -- [options])

Options (each also settable by the environment variable shown):
  --api-port <n>          RPC API port, 0 = any free port     IPFS_API_PORT      (5001)
  --gateway-port <n>      gateway port, 0 = any free port     IPFS_GATEWAY_PORT  (8080)
  --host <ip>             interface to bind                   IPFS_HOST          (127.0.0.1)
  --data-dir <path>       blocks, pins, identity              IPFS_DATA_DIR      (.crowdlabel/ipfs)
  --max-upload-bytes <n>  largest add request (e.g. 250MiB)   IPFS_MAX_UPLOAD_BYTES (100MiB)
  --cors-origins <list>   comma list of origins, or *         IPFS_CORS_ORIGINS  (localhost, any port)
  (environment only)      require "Authorization: Bearer <token>" on the RPC API   IPFS_API_TOKEN (none)
  -h, --help              show this help`;

/** Merges defaults, environment and command-line flags (flags win). */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): IpfsNodeConfig | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      "api-port": { type: "string" },
      "gateway-port": { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "max-upload-bytes": { type: "string" },
      "cors-origins": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const pick = (flag: string | undefined, envName: string): string | undefined => flag ?? (env[envName] || undefined);
  const apiPort = pick(values["api-port"], "IPFS_API_PORT");
  const gatewayPort = pick(values["gateway-port"], "IPFS_GATEWAY_PORT");
  const dataDir = pick(values["data-dir"], "IPFS_DATA_DIR");
  const maxUpload = pick(values["max-upload-bytes"], "IPFS_MAX_UPLOAD_BYTES");
  return {
    host: pick(values.host, "IPFS_HOST") ?? DEFAULT_CONFIG.host,
    apiPort: apiPort === undefined ? DEFAULT_CONFIG.apiPort : parsePort(apiPort, "api port"),
    gatewayPort: gatewayPort === undefined ? DEFAULT_CONFIG.gatewayPort : parsePort(gatewayPort, "gateway port"),
    dataDir: dataDir === undefined ? DEFAULT_CONFIG.dataDir : resolve(dataDir),
    maxUploadBytes: maxUpload === undefined ? DEFAULT_CONFIG.maxUploadBytes : parseByteSize(maxUpload),
    corsOrigins: parseCorsOrigins(pick(values["cors-origins"], "IPFS_CORS_ORIGINS")),
    ...(env.IPFS_API_TOKEN ? { apiToken: env.IPFS_API_TOKEN } : {}),
  };
}

export function parsePort(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BadRequestError(`invalid ${what} "${value}"`, "use 0..65535");
  return port;
}

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };

/** `104857600`, `100MiB`, `1.5GB` -> bytes. */
export function parseByteSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || unit === undefined) {
    throw new BadRequestError(`invalid byte size "${value}"`, "use a number of bytes or a size like 100MiB");
  }
  return Math.floor(Number(match[1]) * unit);
}
