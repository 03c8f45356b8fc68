// Node-only helpers to run a local chain with the protocol deployed (dev stack, tests, simulator).
export { repoRoot, rootBin } from "./repoRoot.ts";
export { anvilPrivateKeys } from "./anvilAccounts.ts";
export { startAnvil, freePort, AnvilStartError, type StartAnvilOptions, type RunningAnvil } from "./startAnvil.ts";
export { deployProtocol, ArtifactMissingError, type Deployment, type DeployProtocolOptions } from "./deployProtocol.ts";
export { deployWithForge, ForgeScriptError, type DeployWithForgeOptions } from "./deployWithForge.ts";
