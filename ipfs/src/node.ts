import { mkdir } from "node:fs/promises";
import { FsBlockstore, type CorruptBlockReport } from "./blockstore.js";
import type { IpfsNodeConfig } from "./config.js";
import { loadIdentity, type NodeIdentity } from "./identity.js";
import { PinStore } from "./pinstore.js";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** The state both HTTP servers share: blocks, pins, identity and settings. */
export interface IpfsNode {
  config: IpfsNodeConfig;
  blocks: FsBlockstore;
  pins: PinStore;
  identity: NodeIdentity;
  log: Logger;
  /** Corrupt blocks found on read since start (they were quarantined and reported). */
  corruptBlocks: CorruptBlockReport[];
}

export async function openNode(config: IpfsNodeConfig, log: Logger): Promise<IpfsNode> {
  await mkdir(config.dataDir, { recursive: true });
  const corruptBlocks: CorruptBlockReport[] = [];
  const blocks = new FsBlockstore({
    root: config.dataDir,
    onCorruptBlock: (report) => {
      corruptBlocks.push(report);
      log.warn(`corrupt block ${report.cid} (hash mismatch): moved to ${report.quarantinedTo}; treated as missing`);
    },
  });
  await blocks.open();
  const pins = new PinStore(config.dataDir);
  await pins.open();
  const identity = await loadIdentity(config.dataDir);
  return { config, blocks, pins, identity, log, corruptBlocks };
}
