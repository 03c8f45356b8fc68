import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

type Fetch = Hono["fetch"];
type PublicServer = { server: Server; fetch: { current: Fetch } };

const key = Symbol.for("crowdlabel.indexer.publicServer");
const store = globalThis as unknown as Record<symbol, PublicServer | undefined>;

/**
 * Serves `app` on INDEXER_PORT. Ponder reserves /health on its own server for a bare liveness
 * check, so the REST contract's /health (with chain, IPFS and RPC status) is served here, next to
 * every other route. `ponder dev` reloads swap the handler instead of binding the port again.
 */
export function startPublicServer(app: Hono, port: number, hostname: string | undefined): void {
  const existing = store[key];
  if (existing) {
    existing.fetch.current = app.fetch;
    return;
  }
  const fetch = { current: app.fetch };
  const server = serve({ fetch: (req, env) => fetch.current(req, env), port, ...(hostname ? { hostname } : {}) }) as Server;
  server.on("error", (error) => {
    console.error(`crowdlabel indexer: cannot serve on port ${port}: ${error.message}`);
    process.exit(1);
  });
  store[key] = { server, fetch };
}
