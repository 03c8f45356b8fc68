import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CONFIG, type IpfsNodeConfig } from "./config.js";
import { applyCors } from "./cors.js";
import { clientUrl, requireApiToken } from "./exposure.js";
import { ForbiddenOriginError } from "./errors.js";
import { handleGateway } from "./gateway/gateway.js";
import { sendError } from "./http/respond.js";
import { openNode, type IpfsNode, type Logger } from "./node.js";
import { handleRpc } from "./rpc/router.js";

export interface StartIpfsNodeOptions extends Partial<IpfsNodeConfig> {
  /** Where to log; defaults to console. Pass `{ info() {}, warn() {} }` to silence. */
  log?: Logger;
}

export interface RunningIpfsNode {
  /** RPC API base, e.g. http://127.0.0.1:5001 (give it to kubo-rpc-client's `create({ url })`); 127.0.0.1 / [::1] when bound to 0.0.0.0 / ::. */
  apiUrl: string;
  /** Gateway base, e.g. http://127.0.0.1:8080 (content at `${gatewayUrl}/ipfs/<cid>`). */
  gatewayUrl: string;
  node: IpfsNode;
  close(): Promise<void>;
}

/**
 * Opens the data directory and starts the two listeners Kubo has: the RPC API and the
 * path/trustless gateway. Nothing dials out: there is no libp2p, only a block store and HTTP.
 */
export async function startIpfsNode(options: StartIpfsNodeOptions = {}): Promise<RunningIpfsNode> {
  const { log = console, ...overrides } = options;
  const config: IpfsNodeConfig = { ...DEFAULT_CONFIG, ...definedOnly(overrides) };
  const node = await openNode(config, log);

  const api = createServer((req, res) => {
    void serveApi(req, res, node);
  });
  const gateway = createServer((req, res) => {
    void handleGateway(req, res, node);
  });
  for (const server of [api, gateway]) {
    // Clients (undici: 4 s) drop idle keep-alive sockets before the server does; with Node's 5 s default a
    // slow machine lets a client reuse a socket the server is closing, which surfaces as ECONNRESET.
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
  }
  try {
    await listen(api, config.apiPort, config.host);
    await listen(gateway, config.gatewayPort, config.host);
  } catch (error) {
    await Promise.all([stop(api), stop(gateway)]);
    throw error;
  }
  return {
    apiUrl: clientUrl(config.host, (api.address() as AddressInfo).port),
    gatewayUrl: clientUrl(config.host, (gateway.address() as AddressInfo).port),
    node,
    close: async () => {
      await Promise.all([stop(api), stop(gateway)]);
    },
  };
}

async function serveApi(req: IncomingMessage, res: ServerResponse, node: IpfsNode): Promise<void> {
  const cors = applyCors(req, res, node.config.corsOrigins, "POST, OPTIONS");
  if (cors === "preflight-answered") return;
  if (cors === "origin-rejected") {
    // As Kubo: a browser page from a foreign origin must not drive the node (CSRF).
    sendError(res, new ForbiddenOriginError(req.headers.origin ?? ""));
    return;
  }
  if (node.config.apiToken !== undefined) {
    try {
      requireApiToken(req, node.config.apiToken);
    } catch (error) {
      sendError(res, error);
      return;
    }
  }
  await handleRpc(req, res, node);
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
