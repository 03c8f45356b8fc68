// Node-only helpers to run a local chain with the protocol deployed (dev stack, tests, simulator).
export { repoRoot, rootBin } from "./repoRoot.ts";
export { anvilPrivateKeys } from "./anvilAccounts.ts";
export { startAnvil, freePort, AnvilStartError, type StartAnvilOptions, type RunningAnvil } from "./startAnvil.ts";
export { deployProtocol, ArtifactMissingError, type Deployment, type DeployProtocolOptions } from "./deployProtocol.ts";
export { deployWithForge, ForgeScriptError, type DeployWithForgeOptions } from "./deployWithForge.ts";

// Driving the protocol on such a chain with anvil's funded accounts (tests, demo data).
export { connectDevchain, type Devchain, type ConnectDevchainOptions } from "./connectDevchain.ts";
export { waitForSuccess, TransactionRevertedError } from "./waitForSuccess.ts";
export { writeCrowdlabel, type CrowdlabelWrite, type CrowdlabelWriteArgs } from "./writeCrowdlabel.ts";
export { increaseTime } from "./increaseTime.ts";
export { fundAccount, type FundAccountOptions } from "./fundAccount.ts";
export { createTask, type CreateTaskOptions, type TaskParams } from "./createTask.ts";
export { claimBatches, type AssignedSlot } from "./claimBatches.ts";
export { commitLabels, revealLabels, type LabelledSlot } from "./commitLabels.ts";
export { finaliseBatch, revealedLabels } from "./finaliseBatch.ts";
export { readCredits } from "./readCredits.ts";
