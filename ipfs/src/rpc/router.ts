import type { IncomingMessage, ServerResponse } from "node:http";
import { MethodNotAllowedError, UnknownCommandError } from "../errors.js";
import { sendError } from "../http/respond.js";
import type { IpfsNode } from "../node.js";
import { add } from "./add.js";
import { blockGet, blockStat } from "./block.js";
import { cat } from "./cat.js";
import type { RpcHandler } from "./context.js";
import { id, version } from "./info.js";
import { ls } from "./ls.js";
import { pinAdd, pinLs, pinRm } from "./pin.js";

/** The Kubo RPC subset this node answers, by command path under /api/v0/. */
export const RPC_COMMANDS: Readonly<Record<string, RpcHandler>> = {
  add,
  cat,
  ls,
  "pin/add": pinAdd,
  "pin/ls": pinLs,
  "pin/rm": pinRm,
  "block/get": blockGet,
  "block/stat": blockStat,
  version,
  id,
};

const PREFIX = "/api/v0/";

/** Dispatches one RPC request; every failure becomes Kubo's JSON error envelope. */
export async function handleRpc(req: IncomingMessage, res: ServerResponse, node: IpfsNode): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    const command = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length).replace(/\/+$/, "") : undefined;
    const handler = command === undefined ? undefined : RPC_COMMANDS[command];
    if (handler === undefined) throw new UnknownCommandError(url.pathname);
    // Kubo accepts only POST on the RPC API, which keeps browsers from triggering
    // commands with plain links or <img> tags.
    if (req.method !== "POST") throw new MethodNotAllowedError(req.method ?? "?", "POST");
    await handler({ req, res, query: url.searchParams, args: url.searchParams.getAll("arg"), node });
  } catch (error) {
    sendError(res, error);
  }
}
