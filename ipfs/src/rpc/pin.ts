import type { CID } from "multiformats/cid";
import { BadRequestError, NotPinnedError } from "../errors.js";
import { NdjsonWriter, sendJson } from "../http/respond.js";
import { parseIpfsPath, resolveUnixfs } from "../ipfsPath.js";
import { walkDag } from "../dag.js";
import type { IpfsNode } from "../node.js";
import { booleanOption, type RpcContext, type RpcHandler } from "./context.js";

type ListedPinType = "recursive" | "direct" | "indirect";

async function resolveArgs(context: RpcContext): Promise<CID[]> {
  if (context.args.length === 0) throw new BadRequestError("argument \"ipfs-path\" is required");
  const cids: CID[] = [];
  for (const arg of context.args) {
    const path = parseIpfsPath(arg);
    cids.push(path.segments.length === 0 ? path.cid : (await resolveUnixfs(path, context.node.blocks)).cid);
  }
  return cids;
}

/**
 * `POST /api/v0/pin/add?arg=<path>[&recursive=false]`: `{"Pins":[...]}`. A recursive pin
 * first walks the whole DAG: the node is offline, so every block must already be here.
 */
export const pinAdd: RpcHandler = async (context) => {
  const recursive = booleanOption(context.query, "recursive", true);
  const cids = await resolveArgs(context);
  for (const cid of cids) {
    if (recursive) {
      for await (const block of walkDag(cid, context.node.blocks)) void block;
    } else {
      await context.node.blocks.getBytes(cid);
    }
    await context.node.pins.add(cid, recursive ? "recursive" : "direct");
  }
  sendJson(context.res, 200, { Pins: cids.map(String) });
};

/** `POST /api/v0/pin/rm?arg=<path>[&recursive=false]`: `{"Pins":[...]}`. */
export const pinRm: RpcHandler = async (context) => {
  const recursive = booleanOption(context.query, "recursive", true);
  const cids = await resolveArgs(context);
  for (const cid of cids) {
    const type = context.node.pins.get(cid);
    if (type === undefined) throw new NotPinnedError(cid.toString());
    if (type === "recursive" && !recursive) throw new BadRequestError(`${cid} is pinned recursively`, "pass recursive=true to unpin it");
  }
  for (const cid of cids) await context.node.pins.remove(cid);
  sendJson(context.res, 200, { Pins: cids.map(String) });
};

/**
 * `POST /api/v0/pin/ls[?arg=<path>][&type=all|recursive|direct|indirect][&stream=true]`.
 * Indirect pins (blocks under a recursive pin) are found by walking those DAGs. Answers
 * Kubo's `{"Keys":{cid:{"Type"}}}`, or one `{"Cid","Type"}` line per pin with `stream`.
 */
export const pinLs: RpcHandler = async (context) => {
  const type = context.query.get("type") ?? "all";
  if (!["all", "recursive", "direct", "indirect"].includes(type)) {
    throw new BadRequestError(`invalid type "${type}"`, "use all, recursive, direct or indirect");
  }
  const pins = await listPins(context.node, type !== "recursive" && type !== "direct");
  let selected: Array<[string, ListedPinType]>;
  if (context.args.length > 0) {
    selected = (await resolveArgs(context)).map((cid) => {
      const pinType = pins.get(cid.toString());
      if (pinType === undefined || (type !== "all" && pinType !== type)) throw new NotPinnedError(cid.toString());
      return [cid.toString(), pinType];
    });
  } else {
    selected = [...pins].filter(([, pinType]) => type === "all" || pinType === type);
  }
  if (booleanOption(context.query, "stream", false)) {
    const output = new NdjsonWriter(context.res, false);
    for (const [Cid, Type] of selected) output.write({ Cid, Type });
    output.end();
    return;
  }
  sendJson(context.res, 200, { Keys: Object.fromEntries(selected.map(([cid, Type]) => [cid, { Type }])) });
};

/** Every pinned CID with its strongest pin type (recursive > direct > indirect). */
async function listPins(node: IpfsNode, includeIndirect: boolean): Promise<Map<string, ListedPinType>> {
  const listed = new Map<string, ListedPinType>();
  const explicit = node.pins.list();
  for (const { cid, type } of explicit) listed.set(cid.toString(), type);
  if (!includeIndirect) return listed;
  for (const { cid, type } of explicit) {
    if (type !== "recursive") continue;
    try {
      for await (const block of walkDag(cid, node.blocks)) {
        const key = block.cid.toString();
        if (!listed.has(key)) listed.set(key, "indirect");
      }
    } catch (error) {
      node.log.warn(`pin ls: the DAG of recursive pin ${cid} is incomplete: ${error instanceof Error ? error.message : error}`);
    }
  }
  return listed;
}
