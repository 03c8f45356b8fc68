import type { crowdlabelAbi, testTokenAbi } from "../generated/abis.ts";
import type { ContractErrorName } from "viem";

type ErrorName = ContractErrorName<typeof crowdlabelAbi> | ContractErrorName<typeof testTokenAbi>;

/**
 * What to do about a revert when it came from a CLI command: the shared table (contractErrorMessages.ts) speaks
 * of the web app's buttons and menus; these say which command or option fixes it. Titles stay shared.
 */
export const cliErrorFixes: Partial<Record<ErrorName, string>> = {
  TooEarlyToClose: "Close after the deadline once no batch awaits finalisation (crowdlabel finalise --task <id> settles them), or when every batch is done.",
  NotOwner: "Set PRIVATE_KEY to the key of the account that created the task.",
  GoldMismatch: "Pass the gold file written when this task was created (--gold-file).",
  LabelingStillOpen: "Run reveal-gold once the deadline has passed, every batch is done, or the task is closed (crowdlabel close --task <id>).",
  NothingToWithdraw: "Credits come from rewards, returned bonds and the refund of a closed task (crowdlabel close).",
  NotFinalisable: "Wait until every reveal is in or the reveal window ends; crowdlabel finalise --task <id> says when.",
  WrongVectorCount: "The batch moved on while its reveals were read: run crowdlabel finalise again.",
  LabelsMismatch: "The reveals read from the chain are stale (a reorg?): run crowdlabel finalise again.",
  ERC20InsufficientBalance: "Fund the account in PRIVATE_KEY with the reward token, or lower --reward or --max-redundancy.",
  ERC20InsufficientAllowance: "Run create again: it approves the budget (or signs a permit) before creating the task.",
  ERC2612ExpiredSignature: "Run the command again: it signs a fresh permit.",
  ERC2612InvalidSigner: "Run the command again with --no-permit: the token did not accept this account's permit.",
  SafeERC20FailedOperation: "Check the balance and allowance of the account in PRIVATE_KEY, then retry.",
  TaskNotFound: "Check --task, the chain (--rpc / RPC_URL) and the contract (--contract / CROWDLABEL_ADDRESS).",
  BatchNotFound: "Check --batch: crowdlabel status --task <id> prints the task's batch count.",
};
