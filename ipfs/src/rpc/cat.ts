import { BadRequestError } from "../errors.js";
import { streamBytes } from "../http/respond.js";
import { parseIpfsPath, resolveUnixfs } from "../ipfsPath.js";
import { integerOption, requiredArg, type RpcHandler } from "./context.js";

/** `POST /api/v0/cat?arg=<path>[&offset=N][&length=N]`: the file's bytes. */
export const cat: RpcHandler = async (context) => {
  const path = parseIpfsPath(requiredArg(context, "ipfs-path"));
  const requestedOffset = integerOption(context.query, "offset") ?? 0;
  const requestedLength = integerOption(context.query, "length");
  const entry = await resolveUnixfs(path, context.node.blocks);
  if (entry.type === "directory") throw new BadRequestError("this dag node is a directory");
  if (entry.type === "object") throw new BadRequestError("this dag node is not a UnixFS file");
  const size = Number(entry.size);
  const offset = Math.min(requestedOffset, size);
  const length = Math.min(requestedLength ?? size - offset, size - offset);
  context.res.writeHead(200, {
    "Content-Type": "text/plain",
    "X-Stream-Output": "1",
    "X-Content-Length": String(length),
    Trailer: "X-Stream-Error",
  });
  await streamBytes(context.res, entry.content({ offset, length }));
};
