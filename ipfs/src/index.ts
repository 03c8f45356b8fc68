export { startIpfsNode, type RunningIpfsNode, type StartIpfsNodeOptions } from "./server.js";
export { DEFAULT_CONFIG, loadConfig, type IpfsNodeConfig } from "./config.js";
export { FsBlockstore } from "./blockstore.js";
export { kuboImporterOptions, type AddLayoutOptions } from "./importer.js";
export * from "./errors.js";
