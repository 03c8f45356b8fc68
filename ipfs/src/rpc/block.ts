import { sendJson } from "../http/respond.js";
import { parseIpfsPath, resolveUnixfs } from "../ipfsPath.js";
import type { CID } from "multiformats/cid";
import { requiredArg, type RpcContext, type RpcHandler } from "./context.js";

async function targetCid(context: RpcContext): Promise<CID> {
  const path = parseIpfsPath(requiredArg(context, "cid"));
  if (path.segments.length === 0) return path.cid;
  return (await resolveUnixfs(path, context.node.blocks)).cid;
}

/** `POST /api/v0/block/get?arg=<cid>`: the raw bytes of one block. */
export const blockGet: RpcHandler = async (context) => {
  const bytes = await context.node.blocks.getBytes(await targetCid(context));
  context.res.writeHead(200, {
    "Content-Type": "application/octet-stream",
    "Content-Length": bytes.byteLength,
    "X-Stream-Output": "1",
  });
  context.res.end(bytes);
};

/** `POST /api/v0/block/stat?arg=<cid>`: `{"Key","Size"}`. */
export const blockStat: RpcHandler = async (context) => {
  const cid = await targetCid(context);
  const bytes = await context.node.blocks.getBytes(cid);
  sendJson(context.res, 200, { Key: cid.toString(), Size: bytes.byteLength });
};
