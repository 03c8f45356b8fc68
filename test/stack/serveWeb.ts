import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

/** What the built app reads from `/config.json` (see web/src/config/appConfig.ts). */
export type WebRuntimeConfig = {
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  ipfsApiUrl: string;
  ipfsGatewayUrl: string;
  crowdlabel: string;
  token: string;
  startBlock: number;
  deploymentId?: string;
  localWallet?: boolean;
};

export type ServedWeb = { url: string; port: number; close(): Promise<void> };

/** Same-origin path to the indexer API, as `pnpm dev`'s Vite proxy serves it (the indexer sends no CORS headers). */
export const INDEXER_PATH = "/indexer";

function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request(
    { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "indexer_unreachable", message: error.message } }));
  });
  req.pipe(upstream);
}

/**
 * A tiny static server for a `vite build` output: files from `distDir`, `index.html` for every
 * other path (client-side routes), `/config.json` from `config()` so one build serves any stack, and
 * the indexer's API under /indexer.
 */
export async function serveWeb(options: {
  distDir: string;
  config: () => WebRuntimeConfig;
  /** Served under /indexer (see INDEXER_PATH). */
  indexerUrl?: string;
  port?: number;
  host?: string;
}): Promise<ServedWeb> {
  const root = normalize(options.distDir);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (options.indexerUrl && (url.pathname === INDEXER_PATH || url.pathname.startsWith(`${INDEXER_PATH}/`))) {
      proxy(req, res, new URL(url.pathname.slice(INDEXER_PATH.length) + url.search, options.indexerUrl));
      return;
    }
    const path = decodeURIComponent(url.pathname);
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(options.config()));
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) file = join(root, "index.html");
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-store",
    });
    createReadStream(file).pipe(res);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
