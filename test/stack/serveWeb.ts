import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
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

/**
 * A tiny static server for a `vite build` output: files from `distDir`, `index.html` for every
 * other path (client-side routes), and `/config.json` from `config()` so one build serves any stack.
 */
export async function serveWeb(options: { distDir: string; config: () => WebRuntimeConfig; port?: number; host?: string }): Promise<ServedWeb> {
  const root = normalize(options.distDir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
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
