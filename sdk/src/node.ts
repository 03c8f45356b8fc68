// @crowdlabel/sdk/node — Node-only helpers (file system). Everything browser-safe is in the main entry.
export * from "./index.ts";
export { uploadFolder, listFolder } from "./ipfs/uploadFolder.ts";
export { FolderEntryError } from "./ipfs/errors.ts";
export { writeExport } from "./export/writeExport.ts";
export { DeploymentFileError, localDeploymentPath, readDeploymentFile, type DeploymentFile } from "./deployment/deploymentFile.ts";
