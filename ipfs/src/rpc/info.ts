import { arch, platform } from "node:os";
import { sendJson } from "../http/respond.js";
import type { RpcHandler } from "./context.js";

export const NODE_VERSION = "0.1.0";
const AGENT = `crowdlabel-ipfs/${NODE_VERSION}`;

/** `POST /api/v0/version`: Kubo's fields; `Golang` carries the Node.js version here. */
export const version: RpcHandler = async ({ res }) => {
  sendJson(res, 200, {
    Version: NODE_VERSION,
    Commit: "",
    Repo: "crowdlabel-fs-1",
    System: `${arch()}/${platform()}`,
    Golang: `node${process.versions.node}`,
  });
};

/** `POST /api/v0/id`: the node's peer ID; no addresses, since it never listens for peers. */
export const id: RpcHandler = async ({ res, node }) => {
  sendJson(res, 200, {
    ID: node.identity.peerId,
    PublicKey: node.identity.publicKey,
    Addresses: [],
    AgentVersion: AGENT,
    ProtocolVersion: "ipfs/0.1.0",
    Protocols: [],
  });
};
