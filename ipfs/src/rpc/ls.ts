import { parseIpfsPath, resolveUnixfs } from "../ipfsPath.js";
import { sendJson } from "../http/respond.js";
import { summarizeUnixfs } from "../unixfsType.js";
import { requiredArg, type RpcHandler } from "./context.js";

interface LsLink {
  Name: string;
  Hash: string;
  Size: number;
  Type: number;
  Target: string;
}

/**
 * `POST /api/v0/ls?arg=<path>`: a directory's entries with their types and sizes, Kubo's
 * `{"Objects":[{"Hash","Links":[...]}]}`. A file answers with no links, which
 * kubo-rpc-client turns into a single entry for the file itself.
 */
export const ls: RpcHandler = async (context) => {
  const path = parseIpfsPath(requiredArg(context, "ipfs-path"));
  const entry = await resolveUnixfs(path, context.node.blocks);
  const links: LsLink[] = [];
  if (entry.type === "directory") {
    for await (const child of entry.entries()) {
      const summary = summarizeUnixfs(child.cid, await context.node.blocks.getBytes(child.cid));
      links.push({ Name: child.name, Hash: child.cid.toString(), Size: summary.size, Type: summary.type, Target: "" });
    }
  }
  sendJson(context.res, 200, { Objects: [{ Hash: entry.cid.toString(), Links: links }] });
};
